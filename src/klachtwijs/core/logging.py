"""A logging filter that keeps personal data and secret links out of application logs (AVG;
LEGAL.md P3; issue 15).

Log records may only carry identifiers (dossier reference, primary keys). As a second line of
defence this filter masks e-mail addresses and phone numbers in the rendered message and in
the traceback of a logged exception (database errors, for one, quote the values), and every
token that opens something without signing in: the parent's status link (`/status/<token>/`),
a query value named like a token or signature, and any path segment or value that looks like a
random or signed token (32+ URL-safe characters with letters and digits, also `value:signature`
as django.core.signing makes them, like the reply addresses of mail from parents).

`configure_logging` (settings.LOGGING_CONFIG) installs the filter on every handler, also on
Django's own (django.server, mail_admins); `mask_tokens` is what gunicorn's access log uses
(core/gunicorn.py).
"""

import logging
import logging.config
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?(\d[\s-]?){8,9}(?!\d)")
# The parent's status pages: everything after /status/ except the page that mails a new link.
STATUS_PATH = re.compile(r"(/status/)(?!link-opnieuw(?:/|\b))[^/\s?#\"'<>]+")
# ?token=…, &sig=…, ?reply_key=…: the value of a parameter named like a secret.
SECRET_QUERY = re.compile(
    r"([?&;][\w.-]*(?:token|sig|signature|key|secret)[\w.-]*=)[^&;#\s\"'<>]+", re.IGNORECASE
)
# A random or signed token anywhere: 32+ URL-safe characters holding a letter and a digit,
# optionally followed by `:part` pieces (django.core.signing).
TOKEN = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{32,}(?::[\w-]+)*(?![\w-])"
    r"|(?<![\w:-])[\w-]+(?::[\w-]+)*:[\w-]{20,}(?![\w-])"
)
MASK = "[token]"
_FORMATTER = logging.Formatter()


def mask_tokens(text: str) -> str:
    """`text` with every status-link token, secret query value and token-like string masked."""
    text = STATUS_PATH.sub(rf"\1{MASK}", text)
    text = SECRET_QUERY.sub(rf"\1{MASK}", text)
    return TOKEN.sub(MASK, text)


def scrub(text: str) -> str:
    return mask_tokens(PHONE.sub("[telefoon]", EMAIL.sub("[e-mail]", text)))


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


def install_everywhere() -> None:
    """Put the filter on every handler of every logger (also those configured before ours, such
    as Django's django.server and mail_admins); a handler filters what its logger's children
    propagate to it too."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
                handler.addFilter(PersonalDataFilter())


def configure_logging(config: dict) -> None:
    """settings.LOGGING_CONFIG: dictConfig, then the filter on every handler."""
    logging.config.dictConfig(config)
    install_everywhere()
