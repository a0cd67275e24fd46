"""URLs of one dossier and its actions, merged into the `staff` namespace at /staff/."""

from django.urls import path

from klachtwijs.feedback.views import actions, dossier, full_view, meldcode

D = "dossiers/<int:feedback_id>/"

urlpatterns = [
    path("verbeteringen/nieuw/", actions.improvement, name="improvement"),
    path(D, dossier.dossier, name="dossier"),
    path(f"{D}documenten/<int:document_id>/", dossier.document, name="document"),
    path(f"{D}registreren/", actions.register, name="register"),
    path(f"{D}toewijzen/", actions.assign, name="assign"),
    path(f"{D}dienst-corrigeren/", actions.correct_service, name="correct_service"),
    path(f"{D}contact/", actions.contact, name="contact"),
    path(f"{D}notitie/", actions.note, name="note"),
    path(f"{D}bericht/", actions.message, name="message"),
    path(f"{D}verlengen/", actions.extend, name="extend"),
    path(f"{D}oordeel/", actions.judge, name="judge"),
    path(f"{D}commissie/", actions.committee, name="committee"),
    path(f"{D}commissie/maatregelen/", actions.committee_measures, name="committee_measures"),
    path(f"{D}maatregelen/<int:measure_id>/klaar/", actions.measure_done, name="measure_done"),
    path(f"{D}afsluiten/", actions.close, name="close"),
    path(f"{D}afhandelen/", actions.resolve, name="resolve"),
    path(f"{D}heropenen/", actions.reopen, name="reopen"),
    path(f"{D}intrekken/", actions.withdraw, name="withdraw"),
    path(f"{D}situatie/", actions.situation, name="situation"),
    path(f"{D}escalatie/", actions.escalation, name="escalation"),
    path(
        f"{D}escalatie/<int:escalation_id>/afronden/",
        actions.escalation_end,
        name="escalation_end",
    ),
    path(f"{D}jaarverslag-teksten/", actions.report_texts, name="report_texts"),
    path(f"{D}delen-met-team/", actions.share_team, name="share_team"),
    path(f"{D}volledige-inzage/", full_view.full_view_grant, name="full_view_grant"),
    path(f"{D}meldcode/", meldcode.checklist, name="meldcode"),
    path(f"{D}meldcode/starten/", meldcode.start, name="meldcode_start"),
    path(f"{D}meldcode/afsluiten/", meldcode.close, name="meldcode_close"),
    path(f"{D}meldcode/betrokken-medewerker/", meldcode.concerned, name="meldcode_concerned"),
]
