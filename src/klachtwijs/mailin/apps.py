from django.apps import AppConfig


class MailinConfig(AppConfig):
    """Mail from parents: replies to our mail, read from a mailbox over IMAP, land in the
    dossier; what finds no dossier waits for the quality department (issue 15)."""

    name = "klachtwijs.mailin"
    label = "mailin"
    verbose_name = "Post van ouders"

    def ready(self) -> None:
        from klachtwijs.core.retention import retention_purge_register
        from klachtwijs.mailin.services import mail_purge_due

        retention_purge_register("mailin", mail_purge_due)
