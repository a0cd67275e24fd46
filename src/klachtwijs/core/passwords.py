"""Password validators whose messages are Dutch on every page.

Django 5.2 changed the msgid of `MinimumLengthValidator`'s error ("…at least %d characters.",
before "%(min_length)d") and its Dutch catalog still translates only the old one, so the
set-password pages showed that one message in English amid Dutch. Dutch is this project's
source language: the message is written here in Dutch, through gettext, like every other text.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLength
from django.utils.translation import ngettext


class MinimumLengthValidator(DjangoMinimumLength):
    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d teken lang zijn.",
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens lang zijn.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken lang zijn.",
            "Uw wachtwoord moet minstens %(min_length)d tekens lang zijn.",
            self.min_length,
        ) % {"min_length": self.min_length}
