"""Issue 16 in a real browser at 360 × 740: the status page after the judgment and the
"Is dit gebeurd?" page (keyboard only, axe-clean); and the embeddable form, framed by an allowed
origin and refused by another (host pages served from 127.0.0.1, the form from localhost). The
status and follow-up test runs in Dutch and in Arabic (labels from the catalog through `_t`)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Measure, ParentAnswer
from klachtwijs.feedback.tokens import link_new
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.selectors import organisation_get
from tests.e2e.conftest import translator
from tests.factories import FeedbackFactory, LocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}

# The host page's side of the embed, as documented in docs/embed.md.
HOST_PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Host</title></head>
<body><h1>Onze website</h1>
<iframe id="klachtwijs" src="{src}" title="Klachtformulier"
  style="width:100%;height:150px;border:0"></iframe>
<script>
window.addEventListener("message", function (e) {{
  if (e.origin !== "{origin}" || !e.data || e.data.type !== "klachtwijs:height") return;
  document.getElementById("klachtwijs").style.height = e.data.height + "px";
}});
</script></body></html>"""


@pytest.fixture
def phone(browser, request):
    # The Dutch browser unless the test runs in a `language`.
    language = request.getfixturevalue("language") if "language" in request.fixturenames else "nl"
    context = browser.new_context(viewport=PHONE, locale=language)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_status_page_after_judgment_and_the_follow_up_question(
    live_server, phone, axe_clean, settings, language
):
    settings.SITE_URL = live_server.url
    _t = translator(language)
    feedback = FeedbackFactory(closed=True)
    measure = feedback.measures.get()
    services.measure_complete(
        measure_id=measure.pk, done_on=timezone.localdate(), by=feedback.handler
    )
    OutboxMessage.objects.get(kind="measure_followup")

    phone.goto(link_new(feedback))
    expect(phone.locator("html")).to_have_attribute("lang", language)
    expect(phone.get_by_role("heading", name=_t("Ons oordeel"))).to_be_visible()
    expect(phone.locator(".reasoning")).to_have_text("De overdracht kan beter.")
    expect(phone.locator(".measure")).to_contain_text("Vaste overdrachtsmomenten")
    with translation.override(language):
        done_on = _t("Klaar op %(date)s.") % {"date": date_format(timezone.localdate(), "j F Y")}
    expect(phone.locator(".measure")).to_contain_text(done_on)
    expect(phone.get_by_role("heading", name=_t("Wat u ons schreef"))).to_be_visible()
    axe_clean(phone)

    link = phone.get_by_role("link", name=_t("Is dit gebeurd? Laat het ons weten"))
    link.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text(_t("Is dit gebeurd?"))
    axe_clean(phone)

    phone.get_by_role("button", name=_t("Verstuur mijn antwoord")).focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("#foutmeldingen")).to_contain_text(_t("Kies ja of nee."))
    axe_clean(phone)

    phone.get_by_label(_t("Nee")).focus()
    phone.keyboard.press("Space")
    phone.get_by_label(_t("Toelichting")).focus()
    phone.keyboard.type("De overdracht is nog steeds rommelig.")
    phone.get_by_role("button", name=_t("Verstuur mijn antwoord")).focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text(_t("Dank u wel. Wij hebben uw antwoord ontvangen."))).to_be_visible()
    expect(phone.get_by_label(_t("Nee"))).to_be_checked()
    axe_clean(phone)
    assert Measure.objects.get(pk=measure.pk).parent_answer == ParentAnswer.NO
    assert OutboxMessage.objects.filter(kind="measure_denied_notice").exists()


class _Host:
    """A host page on its own origin (127.0.0.1 and a port of its own) that frames the form."""

    def __init__(self, html: str):
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.origin = self.url.rstrip("/")
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_embed_loads_for_an_allowed_origin_and_is_refused_for_another(
    live_server, phone, settings
):
    settings.SITE_URL = live_server.url
    LocationFactory(name="De Regenboog")
    src = f"{live_server.url}/klantreactie/embed/?locatie=de-regenboog"
    page_html = HOST_PAGE.format(src=src, origin=live_server.url)
    allowed, refused = _Host(page_html), _Host(page_html)
    organisation = organisation_get()
    organisation.embed_origins = allowed.origin
    organisation.save()
    try:
        phone.goto(allowed.url, wait_until="load")
        form = phone.frame_locator("#klachtwijs")
        expect(form.get_by_role("heading", level=1)).to_have_text("Vertel ons wat er is gebeurd")
        expect(form.get_by_label("Over welke vestiging en dienst gaat het?")).not_to_have_value("")
        # The frame grows to the form's height (embed.js posts it; the host page listens).
        phone.wait_for_function("document.getElementById('klachtwijs').offsetHeight > 600")

        phone.goto(refused.url, wait_until="load")
        expect(phone.get_by_role("heading", name="Onze website")).to_be_visible()
        frame = phone.frames[1]
        assert frame.url.startswith("chrome-error://")  # Chromium blocked it: frame-ancestors
        assert frame.get_by_text("Vertel ons wat er is gebeurd").count() == 0
        assert phone.locator("#klachtwijs").evaluate("e => e.offsetHeight") == 150
    finally:
        allowed.close()
        refused.close()
