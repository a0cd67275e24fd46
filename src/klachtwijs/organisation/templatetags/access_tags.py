"""`{% if user|can:"import" %}`: templates ask the permission module, never decide themselves."""

from django import template

from klachtwijs.organisation import access, navigation

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    return access.can(user, action)


@register.simple_tag
def staff_nav(user) -> list[tuple[str, str]]:
    """`{% staff_nav user as items %}`: the main menu's (label, href) pairs (navigation.py)."""
    return navigation.staff_nav(user)
