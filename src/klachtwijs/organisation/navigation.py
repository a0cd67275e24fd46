"""The back office's main menu as one table: both template engines loop over it.

Each row is (label, link, action, unless): shown when `access.can(user, action)` and, when
`unless` is set, not `access.can(user, unless)` (the client panel's link replaces the annual
report's for those who may only see the panel). A link starting with "/" is a path, anything
else a URL name. The Django staff layout (`{% staff_nav user as items %}`) and the Jinja2 one
(`staff_nav(user)`) render the same items, so the menu is decided once.
"""

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation import access

STAFF_NAV: list[tuple[str, str, str, str | None]] = [
    (_("Overzicht"), "staff:home", "dossier_list", None),
    (_("Mijn dossiers"), "staff:mine", "dossier_list", None),
    (_("Dashboard"), "staff:dashboard", "dashboard", None),
    (_("Patronen"), "patterns:index", "dashboard", None),
    (_("Jaarverslag"), "/staff/jaarverslag/", "report_view", None),
    (_("Klantpanel"), "/staff/jaarverslag/klantpanel/", "client_panel", "report_view"),
    (_("Klantreactie invoeren"), "staff:submit", "submit_on_behalf", None),
    (_("Register importeren"), "import:upload", "import", None),
    (_("Medewerkers"), "organisation:staff", "staff_manage", None),
    (_("Post van ouders"), "mailin:list", "mail_inbox", None),
    (_("Toegangslog"), "/staff/toegangslog/", "access_log", None),
    (_("Meldcode: wie beslist"), "settings:meldcode", "meldcode_settings", None),
    (_("Koppelingen"), "webhooks:list", "settings_webhooks", None),
    (_("Inrichting"), "setup:checklist", "setup", None),
]


# The menu per (signed in, active, role, language, URLconf, script prefix): `access.can`
# decides from the first three alone, and the table and the URLs are fixed while the process
# runs (issue 18: no 14 checks and 10 URL reversals on every page).
_MENUS: dict[tuple, list[tuple[str, str]]] = {}


def staff_nav(user) -> list[tuple[str, str]]:
    """The (label, href) pairs of the main menu `user` may use, in menu order."""
    key = (user.is_authenticated, getattr(user, "is_active", False), getattr(user, "role", None),
           get_language(), settings.ROOT_URLCONF, get_script_prefix())  # fmt: skip
    menu = _MENUS.get(key)
    if menu is None:
        menu = _MENUS[key] = [
            (str(label), link if link.startswith("/") else reverse(link))
            for label, link, action, unless in STAFF_NAV
            if access.can(user, action) and not (unless and access.can(user, unless))
        ]
    return list(menu)
