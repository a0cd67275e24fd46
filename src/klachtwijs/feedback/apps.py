from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "klachtwijs.feedback"
    label = "feedback"
    verbose_name = "Klantreacties"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from klachtwijs.core.changes import on_change
        from klachtwijs.feedback.defaults import ensure_categories
        from klachtwijs.feedback.models import Feedback
        from klachtwijs.feedback.selectors import overview_changed
        from klachtwijs.feedback.webhooks import register_events
        from klachtwijs.organisation.models import User

        # The overview's cached counters (selectors.overview_summary) follow every change.
        on_change(overview_changed, Feedback, User, uid="overview", m2m=(User.locations.through,))
        # The list rows' locations, services and categories and the overview filter form's
        # choice lists are kept in memory (selectors.REFERENCE) until one of these changes.
        from klachtwijs.feedback.models import Category
        from klachtwijs.feedback.selectors import reference_changed
        from klachtwijs.organisation.models import Location, Region, Service

        on_change(
            reference_changed,
            *(Category, Location, Region, Service, User),
            uid="reference",
            m2m=(User.locations.through,),
        )
        register_events()  # the events webhooks can subscribe to: the workflow's actions
        # After every migrate (and test flush); all tables exist by then.
        post_migrate.connect(ensure_categories, sender=self, dispatch_uid="klachtwijs-categories")
