"""The back office's banner while the set-up is not complete (issue 14)."""

from django import template
from django.template.loader import render_to_string

from klachtwijs.organisation import access
from klachtwijs.organisation.setup import setup_missing

register = template.Library()


@register.simple_tag
def setup_banner(user) -> str:
    """For those who can finish the set-up (`access.can(user, "setup")`): what is still
    missing before the public form opens. Nothing for other roles, and nothing once complete."""
    if not access.can(user, "setup"):
        return ""
    missing = setup_missing()
    if not missing:
        return ""
    return render_to_string("staff/setup_banner.html", {"missing": missing})
