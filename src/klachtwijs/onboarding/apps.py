from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    """The first run (`klachtwijs setup`), the set-up checklist and the settings pages."""

    name = "klachtwijs.onboarding"
    label = "onboarding"
    verbose_name = "Inrichting"
