from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "klachtwijs.feedback"
    label = "feedback"
    verbose_name = "Klantreacties"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from klachtwijs.feedback.defaults import ensure_categories
        from klachtwijs.feedback.models import Feedback
        from klachtwijs.feedback.selectors import overview_changed
        from klachtwijs.feedback.webhooks import register_events
        from klachtwijs.organisation.models import User

        # The overview's cached counters (selectors.overview_summary) follow every change.
        post_save.connect(overview_changed, sender=Feedback, dispatch_uid="overview-save")
        post_delete.connect(overview_changed, sender=Feedback, dispatch_uid="overview-delete")
        post_save.connect(overview_changed, sender=User, dispatch_uid="overview-user")
        m2m_changed.connect(
            overview_changed, sender=User.locations.through, dispatch_uid="overview-locations"
        )
        # The list rows' locations, services and categories and the overview filter form's
        # choice lists are kept in memory (selectors.REFERENCE) until one of these changes.
        from klachtwijs.feedback.models import Category
        from klachtwijs.feedback.selectors import reference_changed
        from klachtwijs.organisation.models import Location, Region, Service

        for model in (Category, Location, Region, Service, User):
            post_save.connect(reference_changed, sender=model, dispatch_uid=f"ref-{model}")
            post_delete.connect(reference_changed, sender=model, dispatch_uid=f"refd-{model}")
        m2m_changed.connect(
            reference_changed, sender=User.locations.through, dispatch_uid="ref-locations"
        )
        register_events()  # the events webhooks can subscribe to: the workflow's actions
        # After every migrate (and test flush); all tables exist by then.
        post_migrate.connect(ensure_categories, sender=self, dispatch_uid="klachtwijs-categories")
