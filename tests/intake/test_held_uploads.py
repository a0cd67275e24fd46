"""Attachments held between a failed and a corrected form (issue 15, item 7): capped per
address and in total, purged within the hour by the worker's sweep, and stored under a random
name with the extension of their detected type."""

import datetime as dt
import os
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from klachtwijs.intake import forms, uploads
from klachtwijs.intake.tasks import held_uploads_purge
from tests.intake.factories import JPEG, PDF, form_data, upload

pytestmark = pytest.mark.django_db
URL = "/klantreactie/"
TOKEN = re.compile(r'name="upload_token" value="([^"]+)"')


def _fail(client, location, *files, address="192.0.2.1"):
    """Post the form with an error (no description) and these files; the hold's token."""
    response = client.post(
        URL, form_data(location, description="", attachments=list(files)), REMOTE_ADDR=address
    )
    assert response.status_code == 400
    return response, TOKEN.search(response.content.decode()).group(1)


def _stored(settings) -> list[str]:
    root = settings.MEDIA_ROOT / uploads.HOLD_DIR
    return sorted(
        name for _dir, _subs, files in os.walk(root) for name in files if name != "manifest.json"
    )


def test_a_held_file_is_named_by_its_detected_type_not_the_parents_name(client, location, settings):
    _fail(client, location, upload("Rapport Noor de Vries.png", PDF), upload("foto", JPEG))
    names = _stored(settings)
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["jpg", "pdf"]
    assert not any("Noor" in n or "Rapport" in n for n in names)


def test_an_address_can_hold_only_so_much(client, location, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "UPLOAD_HOLD_PER_ADDRESS": len(PDF) * 2}
    _fail(client, location, upload("a.pdf", PDF))
    _fail(client, location, upload("b.pdf", PDF))
    refused, _token = _fail(client, location, upload("c.pdf", PDF))
    assert forms.E_HOLD_FULL.split(".")[0] in refused.content.decode()
    assert len(_stored(settings)) == 2
    _fail(client, location, upload("d.pdf", PDF), address="192.0.2.2")  # someone else
    assert len(_stored(settings)) == 3


def test_all_failed_forms_together_can_hold_only_so_much(client, location, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "UPLOAD_HOLD_TOTAL": len(PDF) * 2}
    for n in range(3):
        _fail(client, location, upload("a.pdf", PDF), address=f"192.0.2.{n}")
    assert len(_stored(settings)) == 2


def test_a_valid_form_is_not_capped(client, location, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "UPLOAD_HOLD_PER_ADDRESS": 1}
    response = client.post(URL, form_data(location, attachments=[upload("a.pdf", PDF)]))
    assert response.status_code == 302


def test_the_workers_sweep_removes_held_files_within_the_hour(client, location, settings):
    _fail(client, location, upload("oud.pdf", PDF))
    later = timezone.now() + uploads.HOLD_FOR + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert held_uploads_purge.call() == 1  # no new form needed to clear it
        assert _stored(settings) == []
        _fail(client, location, upload("nieuw.pdf", PDF))
        assert held_uploads_purge.call() == 0
        assert len(_stored(settings)) == 1
    assert dt.timedelta(hours=1) >= uploads.HOLD_FOR + uploads.SWEEP_EVERY


def test_the_command_purges_and_plans_the_sweep(client, location, settings):
    _fail(client, location, upload("oud.pdf", PDF))
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        call_command("purge_uploads")
    assert _stored(settings) == []
