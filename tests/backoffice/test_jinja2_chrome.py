"""One chrome for both template engines: the Jinja2 back-office pages (overview, dossier) must
show the same stylesheets, page header with the main menu, and footer as the Django staff pages
(templates/base.html + templates/staff/base.html). When one layout changes, this test tells
that organisation/jinja2/layout/staff.html must follow."""

import re

import pytest

from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def chrome(html: str) -> dict[str, str]:
    """The stylesheet links of <head>, the <header> and the <footer>, whitespace-normalised,
    with the per-render CSRF token masked."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)

    def norm(part: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", part)).strip()

    head = re.search(r"<head>.*?</head>", html, re.S).group(0)
    return {
        "stylesheets": norm(" ".join(re.findall(r'<link rel="stylesheet"[^>]*>', head))),
        "header": norm(re.search(r"<header.*?</header>", html, re.S).group(0)),
        "footer": norm(re.search(r"<footer.*?</footer>", html, re.S).group(0)),
        "skip_link": norm(re.search(r'<a class="[^"]*skip-link[^"]*".*?</a>', html, re.S).group(0)),
        # The theme classes on <body>; the page's own classes follow them.
        "theme": re.search(r'<body class="((?:\S+-(?:document|theme) ?)+)', html).group(1).strip(),
    }


@pytest.mark.parametrize("role", [Role.QUALITY_OFFICER, Role.HANDLER])
def test_jinja2_pages_have_the_django_staff_chrome(client, location, role):
    user = UserFactory(role=role, locations=[location])
    location.manager = user
    location.save()
    feedback = FeedbackFactory(location=location)
    login_staff(client, user)

    # The note form: a Django template on staff/base.html that both roles may open.
    django_page = client.get(f"/staff/dossiers/{feedback.pk}/notitie/")
    assert django_page.status_code == 200
    assert not hasattr(django_page.templates[0], "template")  # really Django's engine
    jinja_pages = [client.get("/staff/"), client.get(f"/staff/dossiers/{feedback.pk}/")]

    expected = chrome(django_page.content.decode())
    assert 'aria-label="Hoofdmenu"' in expected["header"]
    assert "Uitloggen (" in expected["header"]
    for page in jinja_pages:
        assert page.status_code == 200
        assert chrome(page.content.decode()) == expected
