"""The load and fault tests need PostgreSQL and the public form; elsewhere they skip at once."""

import os

import pytest
from django.urls import NoReverseMatch, reverse

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def form_exists() -> bool:
    try:
        reverse("intake:feedback_new")
    except NoReverseMatch:
        return False
    return True


@pytest.fixture
def workdir(tmp_path):
    return tmp_path
