"""Django's form renderer, with `<select>` rendered in Python instead of a template per option.

Django renders every `<option>` by including a template; the overview's filter form has about
a hundred options (vestigingen, behandelaars, years, …), and the public form a vestiging × dienst
list. Rendered through templates these cost more than the rest of the page together (about
25 ms per list page, see docs/benchmarks.md). This renderer produces exactly the markup of
Django's `select.html`, `select_option.html` and `attrs.html` (tests/test_form_renderer.py
compares both), and leaves every other widget, and any select with a custom option template,
to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: False is left out, True is a bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{escape(value)}"')
    return "".join(parts)


def _option(option: dict) -> str:
    value, label = escape(option["value"]), conditional_escape(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>'


def render_select(widget: dict) -> str:
    """The markup of Django's select.html for a widget context, as its renderer returns it."""
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            # Each included option template ends in a newline of its own.
            out.append(f"\n  {_option(option)}\n")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")  # the renderer strips the template's final newline
    return "".join(out)


class FastSelectRenderer(DjangoTemplates):
    """`FORM_RENDERER`: Django's default renderer, with selects rendered by `render_select`."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _name, options, _index in context["widget"]["optgroups"]
            for option in options
        ):
            # render_select escapes every name, value and label itself, as the templates do.
            return mark_safe(render_select(context["widget"]))  # noqa: S308
        return super().render(template_name, context, request=request)
