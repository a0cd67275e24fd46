"""gunicorn's logger for Klachtwijs (deploy/gunicorn.conf.py: `logger_class`): the access log
and gunicorn's error log never show the parent's status-link token or any other secret in a
path, query, request line or header (issue 15; core/logging.py decides what is masked)."""

from gunicorn import glogging

from klachtwijs.core.logging import PersonalDataFilter, mask_tokens

# Combined log format minus the user agent's details that are never needed; the path atoms
# (%(r)s, %(U)s, %(q)s) and the referer (%(f)s) are masked by `TokenMaskingLogger.atoms`.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


class TokenMaskingLogger(glogging.Logger):
    """gunicorn's Logger with every string atom masked, and the personal-data filter on the
    error log's handlers too."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(PersonalDataFilter())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask_tokens(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
