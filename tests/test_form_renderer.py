"""The fast select renderer produces exactly Django's own markup, so pages look the same."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from klachtwijs.core.form_renderer import FastSelectRenderer, render_select
from klachtwijs.organisation.models import Location

CHOICES = [
    ("", "Alle"),
    ("a", 'Vestiging "De Hoek" & <Zon>'),
    (3, "Drie"),
    ("Groep", [("g1", "Eén"), ("g2", mark_safe("<b>Twee</b>"))]),
]


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    maybe = forms.NullBooleanField(required=False)
    model = forms.ModelChoiceField(queryset=Location.objects.order_by("name"), required=False)
    described = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"aria-describedby": "x_helptext", "disabled": False}),
    )


def _render(data, renderer) -> dict[str, str]:
    form = Sample(data, renderer=renderer)
    form.is_valid()
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [None, {"plain": "a", "many": ["a", "g2"], "maybe": "true", "described": "3"}, {"plain": "?"}],
)
def test_selects_render_exactly_as_django_renders_them(data):
    from tests.factories import LocationFactory

    LocationFactory(name="Klein & <Fijn>")
    fast, django = _render(data, FastSelectRenderer()), _render(data, DjangoTemplates())
    assert fast == django
    assert "&lt;Zon&gt;" in fast["plain"]
    assert "<b>Twee</b>" in fast["plain"]


def test_the_fast_path_is_taken_for_a_select():
    widget = forms.Select(choices=[("x", "X")]).get_context("f", "x", {"id": "id_f"})["widget"]
    assert render_select(widget) == (
        '<select name="f" id="id_f">\n  <option value="x" selected>X</option>\n\n</select>'
    )


def test_a_custom_option_template_falls_back_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    html = Custom(choices=[("x", "X")]).render("f", "x", renderer=FastSelectRenderer())
    assert "<option" not in html
    assert 'value="x"' in html
