"""A logging filter that keeps personal data out of application logs (AVG; LEGAL.md P3).

Log records may only carry identifiers (dossier reference, primary keys). As a second line of
defence this filter masks e-mail addresses and phone numbers in the rendered message.
"""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?(\d[\s-]?){8,9}(?!\d)")


def scrub(text: str) -> str:
    return PHONE.sub("[telefoon]", EMAIL.sub("[e-mail]", text))


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
