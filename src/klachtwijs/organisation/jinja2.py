"""The Jinja2 environment of the back office (settings TEMPLATES, engine "jinja2").

core's `base_environment` plus what only this layer knows: `can(user, action)` (the same
question as the Django `can` filter: `access.can`), the main menu (`staff_nav`, one table in
navigation.py for both engines) and the set-up banner (the Django template tag's output).
"""

import jinja2

from klachtwijs.core.jinja2 import base_environment
from klachtwijs.organisation import access
from klachtwijs.organisation.navigation import staff_nav
from klachtwijs.organisation.templatetags.setup_tags import setup_banner


def environment(**options) -> jinja2.Environment:
    env = base_environment(**options)
    env.globals.update(can=access.can, staff_nav=staff_nav, setup_banner=setup_banner)
    return env
