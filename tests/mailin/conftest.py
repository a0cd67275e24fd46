from tests.imap import imap_mailbox, imap_server  # noqa: F401 - fixtures
from tests.smtp import smtp_down, smtp_server  # noqa: F401 - fixtures
