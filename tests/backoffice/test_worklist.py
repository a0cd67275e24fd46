"""The back office for a full day's work (issue 18): the list first, one line per dossier,
filters that stay applied in tabs, pages and dossier links, htmx updating the list in place,
the dossier page's primary action and its previous/next dossier of the list."""

import datetime as dt
import json
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "lijst"}


def dossier_links(html: str) -> list[str]:
    """The dossier links of the list's rows, in order (query strings unescaped)."""
    found = re.findall(r'<th scope="row"[^>]*><a [^>]*href="(/staff/dossiers/[^"]+)"', html)
    return [unescape(h) for h in found]


def three(location) -> list:
    now = timezone.now()
    return [
        FeedbackFactory(location=location, received_at=now - dt.timedelta(hours=3 - i))
        for i in range(3)
    ]


def test_one_line_per_dossier_with_status_and_term_badges(officer_client, location):
    f = FeedbackFactory(location=location, description="Het hek stond open.")
    html = officer_client.get("/staff/").content.decode()
    row = re.search(r"<tr class=\"utrecht-table__row\">\s*<th scope=\"row\".*?</tr>", html, re.S)
    assert row is not None
    cells = row.group(0)
    assert f.reference in cells
    assert 'class="utrecht-badge-status kw-badge kw-status-new">ontvangen</span>' in cells
    assert "kw-badge term-ok" in cells  # days left as a coloured badge
    assert "<br>" not in cells  # one line: nothing in a cell breaks it


def test_tabs_carry_the_filters_and_mark_the_active_view(officer_client, location):
    FeedbackFactory(location=location)
    html = officer_client.get("/staff/?kind=complaint&weergave=te-registreren").content.decode()
    tabs = re.search(r'<nav class="kw-tabs".*?</nav>', html, re.S).group(0)
    assert 'href="?kind=complaint&amp;weergave=te-laat"' in tabs
    assert 'href="?kind=complaint"' in tabs  # "Alle": the other filters stay
    active = re.findall(r'<a href="([^"]+)" aria-current="page">', tabs)
    assert active == ["?kind=complaint&amp;weergave=te-registreren"]
    # The quick view is the filter form's (hidden) field, so a filter change keeps it.
    assert 'name="weergave" id="filter-weergave" form="filters" value="te-registreren"' in html


def test_htmx_filter_change_returns_only_the_list_region(officer_client, location):
    FeedbackFactory(location=location, kind=Kind.COMPLAINT)
    suggestion = FeedbackFactory(location=location, kind=Kind.SUGGESTION)
    response = officer_client.get("/staff/?kind=suggestion", **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "<header" not in html
    assert [link.split("?")[0] for link in dossier_links(html)] == [
        f"/staff/dossiers/{suggestion.pk}/"
    ]
    assert 'id="lijst-kop"' in html
    # The whole page (no JavaScript) has the form that htmx sends to the same URL.
    page = officer_client.get("/staff/?kind=suggestion").content.decode()
    assert 'hx-get="/staff/" hx-target="#lijst"' in page
    assert 'method="get"' in page
    assert '<script src="/static/klachtwijs/backoffice.js" defer></script>' in page


def test_dossier_page_has_previous_and_next_of_the_list(officer_client, location):
    old, middle, new = three(location)
    links = dossier_links(officer_client.get("/staff/?sorteer=ontvangen").content.decode())
    assert [link.split("?")[0] for link in links] == [
        f"/staff/dossiers/{f.pk}/" for f in (old, middle, new)
    ]
    assert links[1].endswith("?sorteer=ontvangen&nr=1")

    html = officer_client.get(links[1]).content.decode()

    prev = re.search(r'<a href="([^"]+)" rel="prev" data-kw-key="k">', html).group(1)
    nxt = re.search(r'<a href="([^"]+)" rel="next" data-kw-key="j">', html).group(1)
    assert unescape(prev) == f"/staff/dossiers/{old.pk}/?sorteer=ontvangen&nr=0"
    assert unescape(nxt) == f"/staff/dossiers/{new.pk}/?sorteer=ontvangen&nr=2"
    assert 'href="/staff/?sorteer=ontvangen">← Overzicht' in html
    assert "Sneltoetsen" in html
    # The first has no previous; a dossier opened without a list has neither.
    first = officer_client.get(unescape(prev)).content.decode()
    assert 'rel="prev"' not in first
    assert 'rel="next"' in first
    plain = officer_client.get(f"/staff/dossiers/{middle.pk}/").content.decode()
    assert 'rel="next"' not in plain
    assert 'href="/staff/">← Overzicht' in plain


def test_dossier_opened_from_a_changed_list_offers_only_the_way_back(officer_client, location):
    old, middle, new = three(location)
    html = officer_client.get(f"/staff/dossiers/{middle.pk}/?kind=suggestion&nr=1").content.decode()
    assert 'rel="prev"' not in html
    assert 'rel="next"' not in html
    assert 'href="/staff/?kind=suggestion">← Overzicht' in html


def test_primary_action_first_and_the_others_grouped(officer_client, location):
    feedback = FeedbackFactory(location=location)  # received: registering comes first
    html = officer_client.get(f"/staff/dossiers/{feedback.pk}/").content.decode()
    step = re.search(r'<section aria-labelledby="acties".*?</section>', html, re.S).group(0)
    primary = re.findall(r'class="[^"]*utrecht-button-link--primary-action" href="([^"]+)"', step)
    assert primary == [f"/staff/dossiers/{feedback.pk}/registreren/"]
    more = re.search(r"<details class=\"kw-more-actions\">.*?</details>", step, re.S).group(0)
    assert "Meer acties" in more
    assert "/registreren/" not in more
    assert f"/staff/dossiers/{feedback.pk}/notitie/" in more
    # Two columns: the facts with the next step, and the timeline.
    facts = html.index('class="kw-dossier-facts"')
    assert facts < html.index('id="acties"') < html.index('class="kw-dossier-timeline"')


PANEL = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "actie-paneel"}


def test_actions_open_in_place_but_the_judgment_on_its_own_page(officer_client, location):
    """The action links load their form into the dossier page's action panel with htmx (their
    href still opens the action's page without JavaScript); the judgment keeps its own page."""
    feedback = FeedbackFactory(location=location)
    html = officer_client.get(f"/staff/dossiers/{feedback.pk}/").content.decode()
    note = f"/staff/dossiers/{feedback.pk}/notitie/"
    assert f'href="{note}" hx-get="{note}" hx-target="#actie-paneel"' in html
    assert '<div id="actie-paneel"' in html
    registered = FeedbackFactory(location=location, contacted=True)
    html = officer_client.get(f"/staff/dossiers/{registered.pk}/").content.decode()
    judge = f"/staff/dossiers/{registered.pk}/oordeel/"
    assert f'href="{judge}"' in html
    assert f'hx-get="{judge}"' not in html


def test_an_action_in_the_panel_keeps_its_input_and_then_loads_the_dossier(
    officer_client, location
):
    feedback = FeedbackFactory(location=location)
    note = f"/staff/dossiers/{feedback.pk}/notitie/"
    fragment = officer_client.get(note, **PANEL).content.decode()
    assert "<html" not in fragment
    assert "<h1" not in fragment
    assert 'id="actie-kop"' in fragment
    assert f'hx-post="{note}" hx-target="#actie-paneel"' in fragment
    # Without htmx the same address is the whole page.
    assert "<h1" in officer_client.get(note).content.decode()

    refused = officer_client.post(note, {"text": ""}, **PANEL)
    assert refused.status_code == 200
    assert "HX-Location" not in refused
    html = refused.content.decode()
    assert "<html" not in html
    assert 'id="foutmeldingen"' in html

    done = officer_client.post(note, {"text": "Gebeld met de locatiemanager."}, **PANEL)
    assert done.status_code == 200
    assert json.loads(done["HX-Location"]) == {
        "path": f"/staff/dossiers/{feedback.pk}/",
        "target": "body",
    }
    assert feedback.events.filter(text="Gebeld met de locatiemanager.").exists()
    # Without htmx: the redirect as before.
    again = officer_client.post(note, {"text": "Nog een notitie."})
    assert again.status_code == 302
    assert again["Location"] == f"/staff/dossiers/{feedback.pk}/"


def test_my_dossiers_link_to_the_dossier_with_their_list(client, location):
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    location.manager = handler  # the location's manager handles its new dossiers
    location.save()
    first = FeedbackFactory(location=location, in_progress=True)
    second = FeedbackFactory(location=location, in_progress=True)
    login_staff(client, handler)
    links = dossier_links(client.get("/staff/mijn-dossiers/").content.decode())
    assert len(links) == 2
    assert all("lijst=mijn&nr=" in link for link in links)
    html = client.get(links[0]).content.decode()
    assert 'href="/staff/mijn-dossiers/?lijst=mijn">← Overzicht' in html
    assert {first.pk, second.pk} == {int(links[0].split("/")[3]), int(links[1].split("/")[3])}
    assert 'rel="next"' in html


def test_dossier_page_from_a_list_runs_a_fixed_number_of_queries(officer_client, location):
    """The previous/next links read three ids of the list, whatever its length."""

    def queries(url: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(url).status_code == 200
        return len(captured)

    target = FeedbackFactory(location=location, received_at=timezone.now())
    url = f"/staff/dossiers/{target.pk}/?q=&kind=complaint&nr=0"
    FeedbackFactory(location=location, received_at=timezone.now() - dt.timedelta(days=1))
    few = queries(url)
    for i in range(15):
        FeedbackFactory(location=location, received_at=timezone.now() - dt.timedelta(days=2 + i))
    assert queries(url) == few
