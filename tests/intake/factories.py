"""Form data and files for the public form."""

import secrets

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(location, service=None, **overrides) -> dict:
    """A complete, valid form for `location` (its first service unless given)."""
    service = service or location.services.first()
    data = {
        "kind": "complaint",
        "place": f"{location.pk}:{service.pk}",
        "description": "Bij het ophalen wist niemand waar mijn dochter was.",
        "happened_on": "2025-03-01",
        "desired_outcome": "Een vaste overdracht bij het ophalen.",
        "child_1_name": "Noor",
        "child_1_group": "Vlindergroep",
        "submitter_name": "Fleur de Vries",
        "submitter_email": "fleur@example.nl",
        "submitter_phone": "06 12345678",
        "contact_preference": "email",
        "submitter_role": "parent",
        "age_band": "under_12",
        "website": "",
        "submission_key": secrets.token_urlsafe(24),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
