"""The Jinja2 engine beside Django's templates, for the few heavy back-office pages.

Django's template language renders the overview's 25 rows × 8 cells and the dossier page at
about half of their worker time (bench/analysis.md); Jinja2 compiles templates to Python and
renders the same markup several times faster. Only the pages that need it use it (their
templates live in an app's `jinja2/` folder); every other page stays a Django template.

`base_environment` gives what every Jinja2 template may use: autoescaping, Django's gettext
(`_`, `gettext`, `ngettext`, `pgettext`, `npgettext`; new-style, so `%(name)s` placeholders
are filled and escaped), `static`, `url` (reverse), Django's date formatting in the active
language and local time zone, `linebreaksbr` and `filesizeformat`. The apps above add their
own globals (`klachtwijs.organisation.jinja2.environment`: `can`, the navigation, the set-up
banner), since core may not import them.
"""

import datetime as dt

import jinja2
from django.template import defaultfilters
from django.template.backends.jinja2 import Jinja2 as DjangoJinja2
from django.template.backends.jinja2 import Template as DjangoJinja2Template
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import get_language, get_language_bidi

from klachtwijs.core.templatetags.nlds import widget_class


def url(name: str, *args, **kwargs) -> str:
    """`{{ url("staff:dossier", pk) }}`: Django's reverse with positional or keyword args."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date(value, fmt: str = "d-m-Y") -> str:
    """Django's `date` filter: local time for aware datetimes, month names in the active
    language. The two formats the lists use are formatted directly (the common case)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if fmt == "d-m-Y":
        return f"{value.day:02d}-{value.month:02d}-{value.year}"
    if fmt == "d-m-Y H:i" and isinstance(value, dt.datetime):
        return f"{value.day:02d}-{value.month:02d}-{value.year} {value.hour:02d}:{value.minute:02d}"
    return dateformat.format(value, fmt)


def base_environment(**options) -> jinja2.Environment:
    options.setdefault("extensions", [])
    options["extensions"] = [*options["extensions"], "jinja2.ext.i18n"]
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    options.pop("autoescape", None)  # always on: every page is HTML
    env = jinja2.Environment(autoescape=True, **options)
    env.install_gettext_callables(
        translation.gettext,
        translation.ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    env.globals.update(
        static=static,
        url=url,
        get_language=get_language,
        get_language_bidi=get_language_bidi,
        widget_class=widget_class,
    )
    env.filters.update(
        date=date,
        linebreaksbr=lambda value: defaultfilters.linebreaksbr(value, autoescape=True),
        filesizeformat=defaultfilters.filesizeformat,
    )
    return env


class Template(DjangoJinja2Template):
    @property
    def name(self) -> str:
        return self.template.name

    def render(self, context=None, request=None):
        context = {} if context is None else context
        # The test client reads `response.context` from this signal, which only Django's own
        # templates send; without receivers (production) it costs one empty-list check.
        if template_rendered.receivers:
            template_rendered.send(sender=self, template=self, context=context)
        return super().render(context, request)


class Jinja2(DjangoJinja2):
    """Django's Jinja2 backend, with the `template_rendered` signal the test client needs."""

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)
