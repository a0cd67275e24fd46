"""`{% if user|can:"import" %}`: templates ask the permission module, never decide themselves."""

from django import template

from klachtwijs.organisation import access

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    return access.can(user, action)
