"""Run the test OpenID Connect provider: `python -m tests.oidc_provider.serve CLIENT_ID SECRET
REDIRECT_URI`. Makes a fresh database and RSA key, the client (consent skipped) and the users
of USERS, listens on a free loopback port and prints `PORT <n>` when ready."""

import os
import sys
import tempfile
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PASSWORD = "provider-pass-1"  # noqa: S105
# username: (e-mail, first name, last name, groups)
USERS = {
    "kwaliteit": ("kwaliteit@example.org", "Kim", "Kwaliteit", ["kwaliteit"]),
    "sterk": ("sterk@example.org", "Sam", "Sterk", ["kwaliteit", "_mfa"]),
    "vreemd": ("vreemd@example.org", "Vera", "Vreemd", ["sport"]),
}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def main(client_id: str, secret: str, redirect_uri: str) -> None:
    folder = tempfile.mkdtemp(prefix="oidc-provider-")
    os.environ["OIDC_PROVIDER_DB"] = os.path.join(folder, "db.sqlite3")
    os.environ["OIDC_PROVIDER_KEY"] = _key()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="Klachtwijs",
        client_id=client_id,
        client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        skip_authorization=True,
        algorithm=Application.RS256_ALGORITHM,
    )
    for username, (email, first, last, groups) in USERS.items():
        user = User.objects.create_user(
            username, email=email, password=PASSWORD, first_name=first, last_name=last
        )
        user.groups.set(Group.objects.get_or_create(name=g)[0] for g in groups)
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
