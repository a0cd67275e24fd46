"""A service's Dutch refusal, shown next to the field it is about: every door with a form
uses this, so a rule decided in a service reads the same on every page."""

from django import forms as django_forms
from django.core.exceptions import ValidationError


def add_errors(form: django_forms.Form, exc: ValidationError) -> None:
    """Put a service's Dutch errors next to the fields they are about (or on top)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
