from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "klachtwijs.intake"
    label = "intake"
    verbose_name = "Formulier en statuspagina"

    def ready(self) -> None:
        from klachtwijs.core.changes import on_change
        from klachtwijs.feedback.models import Regulation
        from klachtwijs.intake.selectors import places_changed
        from klachtwijs.organisation.models import Location, Organisation, Region, Service

        # The blank public form is cached per version of these (intake.views._blank_form_page),
        # and so is whether the set-up is complete (selectors.intake_closed_because).
        on_change(
            places_changed,
            *(Location, Service, Organisation, Region, Regulation),
            uid="places",
            m2m=(Location.services.through,),
        )
