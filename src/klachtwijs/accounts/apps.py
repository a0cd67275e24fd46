from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: invitations, enrolment of the authenticator, and its reset."""

    name = "klachtwijs.accounts"
    label = "accounts"
    verbose_name = "Accounts"
