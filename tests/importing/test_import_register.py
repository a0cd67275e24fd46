"""Importing a register through the service and the `import_register` command."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from klachtwijs.feedback import rules
from klachtwijs.feedback.models import (
    Channel,
    ClosureReason,
    Event,
    Feedback,
    Kind,
    Outcome,
    Situation,
    Status,
)
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location
from klachtwijs.register.parse import table_read
from klachtwijs.register.services import NOT_SENT, register_import
from tests.importing.conftest import csv_file, row

pytestmark = pytest.mark.django_db


def _import(data: bytes, **options):
    table = table_read(data=data, filename="register.csv")
    options.setdefault("create_locations", False)
    options.setdefault("dry_run", False)
    return register_import(rows=table, **options)


def _command(tmp_path, data: bytes, *args, name="register.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_register", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


def test_every_status_is_reached_through_the_services(morel, officer):
    rows = [
        row(status="ontvangen", oordeel="", afgesloten_op="", onderwerp=""),
        row(status="geregistreerd", oordeel="", afgesloten_op=""),
        row(status="in behandeling", oordeel="", afgesloten_op=""),
        row(status="beantwoord", oordeel="ongegrond", afgesloten_op=""),
        row(),
        row(soort="compliment", oordeel="", afgesloten_op="01-04-2025"),
        row(soort="vraag", status="afgesloten", oordeel=""),
    ]
    result = _import(csv_file(rows))
    assert result.errors == []
    assert result.created == 7
    dossiers = list(Feedback.objects.order_by("pk"))
    assert [f.status for f in dossiers] == [
        Status.RECEIVED,
        Status.REGISTERED,
        Status.IN_PROGRESS,
        Status.ANSWERED,
        Status.CLOSED,
        Status.CLOSED,
        Status.CLOSED,
    ]
    judged = dossiers[4]
    assert judged.closure_reason == ClosureReason.JUDGED
    assert judged.judgments.get().outcome == Outcome.WELL_FOUNDED
    assert timezone.localdate(judged.closed_at) == date(2025, 4, 2)
    assert timezone.localdate(judged.answered_at) == date(2025, 4, 2)
    assert judged.judgments.get().decided_on == date(2025, 4, 2)
    assert dossiers[5].closure_reason == ClosureReason.HANDLED
    assert dossiers[6].kind == Kind.SIGNAL
    for f in dossiers:
        assert f.channel == Channel.IMPORT
        assert f.submitter_name == "Onbekend (import)"
        assert f.report_summary == f.description == "Ouder werd niet gebeld na een val."
        assert f.report_handling == "Het team belt voortaan meteen."
        assert f.service.name == "Dagopvang"  # the location's childcare service
        assert timezone.localdate(f.received_at) == date(2025, 3, 10)
    # Every step is on the timeline, moved back to the dates of the file.
    kinds = list(judged.events.values_list("kind", flat=True))
    assert kinds[:4] == [Event.Kind.RECEIVED, Event.Kind.REGISTERED, Event.Kind.ASSIGNED, "contact"]
    assert judged.events.get(kind=Event.Kind.CLOSED).at == judged.closed_at
    assert judged.events.get(kind=Event.Kind.RECEIVED).at == judged.received_at


def test_answer_due_comes_from_the_rules(morel):
    # 6 weeks after Saturday 1 March 2025 is Saturday 12 April: moved to Monday 14 April.
    _import(csv_file([row(ontvangen_op="01-03-2025"), row(ontvangen_op="2025-03-01", dienst="")]))
    expected = rules.answer_due(framework=LegalFramework.WKO, received_on=date(2025, 3, 1))
    assert expected == date(2025, 4, 14)
    assert set(Feedback.objects.values_list("answer_due", flat=True)) == {expected}


def test_optional_columns_service_answer_date_and_reason(morel):
    header = [*csv_file([]).decode().strip().split(";"), "dienst", "beantwoord_op"]
    header.append("reden_afsluiting")
    data = csv_file(
        [
            [*row(), "Ontwikkelarrangement", "28-03-2025", ""],
            [*row(oordeel=""), "", "", "ingetrokken"],
        ],
        header=header,
    )
    assert _import(data).errors == []
    youth, withdrawn = Feedback.objects.order_by("pk")
    assert youth.framework == LegalFramework.JEUGDWET
    assert youth.answer_due == date(2025, 4, 21)  # Jeugdwet: six weeks, not moved
    assert timezone.localdate(youth.answered_at) == date(2025, 3, 28)
    assert withdrawn.closure_reason == ClosureReason.WITHDRAWN


def test_no_mail_goes_out_for_imported_dossiers(morel, officer):
    _import(csv_file([row(), row(status="ontvangen", oordeel="", afgesloten_op="")]))
    assert Feedback.objects.count() == 2
    assert OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).count() == 0
    assert set(OutboxMessage.objects.values_list("last_error", flat=True)) <= {NOT_SENT}


def test_rows_with_the_same_situation_form_one_situation(morel):
    rows = [row(situatie="Ruzie op de groep")] * 3 + [row(situatie="Hek open")] * 2 + [row()]
    result = _import(csv_file(rows))
    assert result.situations == 2
    assert Situation.objects.count() == 2
    groups = sorted(
        Situation.objects.values_list("feedback__situation__title", flat=True).distinct()
    )
    assert groups == ["Hek open", "Ruzie op de groep"]
    assert Situation.objects.get(title="Ruzie op de groep").feedback.count() == 3
    assert Feedback.objects.filter(situation=None).count() == 1


def test_dry_run_stores_nothing(morel, tmp_path):
    error, out, _ = _command(tmp_path, csv_file([row(), row()]), "--dry-run")
    assert error is None
    assert "2 klantreacties zou worden ingelezen" in out
    assert Feedback.objects.count() == 0
    assert Event.objects.count() == 0


BAD_ROWS = [
    row(),  # row 2: fine
    row(soort="klagt"),  # row 3
    row(),  # row 4: fine
    row(ontvangen_op="31-02-2025", onderwerp="Eten"),  # row 5: two errors
    row(status="afgesloten", afgesloten_op=""),  # row 6
    row(soort="compliment"),  # row 7: a compliment gets no judgment
]


def test_bad_rows_are_all_named_and_nothing_is_stored(morel, tmp_path):
    error, _, err = _command(tmp_path, csv_file(BAD_ROWS))
    assert isinstance(error, CommandError)
    assert "niets opgeslagen" in str(error)
    assert "rij 3, soort: 'klagt' is geen bekende soort" in err
    assert "rij 5, ontvangen_op: '31-02-2025' is geen datum" in err
    assert "rij 5, onderwerp: 'Eten' is geen bekend onderwerp" in err
    assert "rij 6, afgesloten_op: dit veld is leeg" in err
    assert "rij 7, oordeel: alleen een klacht krijgt een oordeel" in err
    assert "rij 2," not in err
    assert "rij 4," not in err
    assert Feedback.objects.count() == 0


def test_command_exit_status_is_non_zero_on_errors(morel, tmp_path):
    error, _, err = _command(tmp_path, csv_file([row(soort="klagt")]))
    assert isinstance(error, CommandError)
    assert error.returncode == 1  # what `klachtwijs` exits with
    assert "rij 2, soort: 'klagt' is geen bekende soort" in err


def test_an_error_found_while_writing_also_stores_nothing(morel, tmp_path):
    morel.manager = None
    morel.save()
    # No manager and no quality staff: the assigning step fails for the last row only.
    error, _, err = _command(
        tmp_path, csv_file([row(status="geregistreerd", oordeel="", afgesloten_op=""), row()])
    )
    assert error is not None
    assert "rij 3, status: er is geen medewerker om als behandelaar toe te wijzen" in err
    assert Feedback.objects.count() == 0


def test_unknown_location_is_an_error_without_create_locations(morel, tmp_path):
    data = csv_file([row(vestiging="Nieuwbouw"), row(vestiging="Nieuwbouw")])
    error, _, err = _command(tmp_path, data)
    assert error is not None
    assert "rij 2, vestiging: 'Nieuwbouw' is geen bekende vestiging" in err
    assert "rij 3, vestiging: 'Nieuwbouw' is geen bekende vestiging" in err
    assert not Location.objects.filter(name="Nieuwbouw").exists()


def test_create_locations_makes_them_in_the_only_region(morel, region, officer, tmp_path):
    data = csv_file([row(vestiging="Nieuwbouw"), row(vestiging="nieuwbouw")])
    error, out, err = _command(tmp_path, data, "--create-locations")
    assert error is None, err
    assert "Nieuwe vestigingen: Nieuwbouw" in out
    new = Location.objects.get(name="Nieuwbouw")
    assert new.region == region
    assert [s.name for s in new.services.all()] == ["Dagopvang"]
    assert Feedback.objects.filter(location=new).count() == 2


def test_create_locations_needs_a_region_when_there_are_several(morel, officer, tmp_path):
    from tests.factories import RegionFactory

    RegionFactory(name="Arnhem")
    data = csv_file([row(vestiging="Nieuwbouw")])
    error, _, err = _command(tmp_path, data, "--create-locations")
    assert error is not None
    assert "rij 2, vestiging: 'Nieuwbouw' is nieuw, maar de GGD-regio is onbekend" in err
    error, _, _ = _command(tmp_path, data, "--create-locations", "--region", "arnhem")
    assert error is None
    assert Location.objects.get(name="Nieuwbouw").region.name == "Arnhem"


def test_a_lone_situation_name_is_an_error(morel):
    result = _import(csv_file([row(), row(situatie="Alleen ik")]))
    assert result.errors == [
        "rij 3, situatie: 'Alleen ik' staat maar in één rij; een situatie bestaat uit minstens "
        "twee klantreacties"
    ]


def test_missing_and_unknown_columns_are_errors_on_row_one(morel):
    header = ["vestiging", "ontvangen op", "soort", "omschrijving", "status", "opmerking"]
    result = _import(csv_file([["Morel"] * 6], header=header))
    assert result.errors == [
        "rij 1, onderwerp: deze kolom ontbreekt",
        "rij 1, opmerking: onbekende kolom (bekend zijn: vestiging, ontvangen_op, soort, "
        "onderwerp, omschrijving, afhandeling, status, oordeel, afgesloten_op, situatie, dienst, "
        "beantwoord_op, reden_afsluiting, regio)",
    ]
