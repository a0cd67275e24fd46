"""`{% parent_languages as languages %}`: the languages a parent can choose, each with its own
name (never translated: a parent looks for their language in their own words)."""

from django import template

from klachtwijs.core.languages import parent_languages

register = template.Library()


@register.simple_tag(name="parent_languages")
def parent_languages_tag() -> list[tuple[str, str]]:
    return parent_languages()
