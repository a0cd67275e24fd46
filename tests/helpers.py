"""Helpers shared by tests: signing staff in with a verified second factor."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def login_staff(client: Client, user) -> Client:
    """Sign `user` in as if they passed password and TOTP (django-otp's session key)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test"})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


COMMITTEE_EMAIL = "klachtencommissie@example.org"


def committee_address_set(email: str = COMMITTEE_EMAIL) -> str:
    """Give the organisation its Jeugdwet complaints committee's address (4.2.1 lid 5)."""
    from klachtwijs.organisation.models import Organisation

    Organisation.objects.update(committee_email=email)
    return email
