"""gunicorn settings for Klachtwijs: `gunicorn -c deploy/gunicorn.conf.py klachtwijs.wsgi`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS. The access log
masks the parent's status-link token and every other secret in paths, queries and headers
(klachtwijs.core.gunicorn.TokenMaskingLogger; README, "Operations")."""

import os

from klachtwijs.core.gunicorn import ACCESS_LOG_FORMAT

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Behind the TLS proxy: trust its X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
logger_class = "klachtwijs.core.gunicorn.TokenMaskingLogger"
access_log_format = ACCESS_LOG_FORMAT
