from django.apps import AppConfig


class RegisterConfig(AppConfig):
    """The organisation's register in a spreadsheet: importing an existing one (every row
    through the dossier services, all or nothing) and exporting it again."""

    name = "klachtwijs.register"
    label = "register"
    verbose_name = "Register"
