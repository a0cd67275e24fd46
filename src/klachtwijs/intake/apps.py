from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "klachtwijs.intake"
    label = "intake"
    verbose_name = "Formulier en statuspagina"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from klachtwijs.feedback.models import Regulation
        from klachtwijs.intake.selectors import places_changed
        from klachtwijs.organisation.models import Location, Organisation, Region, Service

        # The blank public form is cached per version of these (intake.views._blank_form_page),
        # and so is whether the set-up is complete (selectors.intake_closed_because).
        for model in (Location, Service, Organisation, Region, Regulation):
            post_save.connect(places_changed, sender=model, dispatch_uid=f"places-{model}")
            post_delete.connect(places_changed, sender=model, dispatch_uid=f"places-d-{model}")
        m2m_changed.connect(
            places_changed, sender=Location.services.through, dispatch_uid="places-m2m"
        )
