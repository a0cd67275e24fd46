"""NL Design System classes on Django's form widgets (ADR 0011).

`{{ field|nlds }}` renders a bound field's widget with the Utrecht component class for its
kind (textbox, textarea, select, checkbox, radio button), plus the `--invalid` modifier when
the field has errors, keeping every attribute the form gave it (aria-describedby, …). The form
renderer and the forms themselves stay as they are.
"""

from django import template
from django.forms import BoundField

register = template.Library()

CLASSES = {
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "selectmultiple": "utrecht-select utrecht-select--html-select",
    "nullbooleanselect": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    # Choice lists: each option through `nlds_choice` (the widget's own wrapper would get the
    # class too).
    "checkboxselectmultiple": "",
    "radioselect": "",
    "clearablefile": "",
    "file": "",
    "hidden": "",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
INVALID = {
    "utrecht-textarea": "utrecht-textarea--invalid",
    "utrecht-select": "utrecht-select--invalid",
    "utrecht-checkbox": "utrecht-checkbox--invalid",
    "utrecht-radio-button": "utrecht-radio-button--invalid",
    "utrecht-textbox": "utrecht-textbox--invalid",
}


def widget_class(field: BoundField) -> str:
    """The Utrecht class(es) for `field`'s widget, "" for widgets without a component."""
    kind = field.widget_type
    classes = CLASSES.get(kind, TEXTBOX)
    if classes and field.errors:
        classes += " " + INVALID[classes.split()[0]]
    return classes


@register.filter
def nlds(field: BoundField) -> str:
    """The widget with its Utrecht class added to any class the form already set."""
    classes = widget_class(field)
    if not classes:
        return field.as_widget()
    own = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{own} {classes}".strip()})


@register.filter
def nlds_choice(choice) -> str:
    """One radio button or checkbox of a choice field (`{% for radio in field %}`), as its
    Utrecht component: `{{ radio|nlds_choice }}` instead of `{{ radio.tag }}`."""
    kind = "checkbox" if choice.data.get("type") == "checkbox" else "radio-button"
    attrs = dict(choice.data["attrs"])
    own = attrs.pop("class", "")
    classes = f"{own} utrecht-{kind} utrecht-{kind}--html-input".strip()
    choice.data["attrs"] = {"class": classes, **attrs}
    return choice.tag()
