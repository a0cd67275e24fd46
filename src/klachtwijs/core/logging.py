"""A logging filter that keeps personal data out of application logs (AVG; LEGAL.md P3).

Log records may only carry identifiers (dossier reference, primary keys). As a second line of
defence this filter masks e-mail addresses and phone numbers in the rendered message and in
the traceback of a logged exception (database errors, for one, quote the values).
"""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?(\d[\s-]?){8,9}(?!\d)")
_FORMATTER = logging.Formatter()


def scrub(text: str) -> str:
    return PHONE.sub("[telefoon]", EMAIL.sub("[e-mail]", text))


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken format string: keep the raw text only
            message = str(record.msg)
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatters use exc_text when it is set: give them the scrubbed traceback.
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True
