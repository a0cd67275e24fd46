"""An organisation's own register, in its own words, into a just-set-up installation:
`import_register FILE --create-locations --region NAME [--mapping FILE]` (issue 14)."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from klachtwijs.feedback.models import Feedback, Outcome, Status
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Organisation, Region, Role, Service, User
from klachtwijs.register.models import ImportMapping
from klachtwijs.reports.figures import Scope, year_figures
from tests.importing.conftest import HEADER, csv_file

pytestmark = pytest.mark.django_db

# As organisations keep it: their own words, spacing and capitals; one subject of their own.
REGISTER = [
    ["Morel", "12-01-2025", "Klacht", "communicatie", "Ouder niet gebeld na val.",
     "Excuses gemaakt, team belt voortaan.", "afgehandeld", "terecht", "20-01-2025", ""],
    ["morel ", "03-02-2025", "klacht", "Hygiene", "Luiers te laat verschoond.",
     "Besproken in teamoverleg.", "Afgehandeld", "Deels terecht", "2025-02-20", ""],
    ["De Boomhut", "15-03-2025", "compliment", "bejegening", "Fijne juf bij het afscheid.",
     "", "gesloten", "", "16-03-2025", ""],
    ["De Boomhut", "01-04-2025", "klacht", "oudercontact", "Geen overdracht bij ophalen.",
     "Uitgelegd hoe de overdracht gaat.", "afgehandeld", "onterecht", "10-04-2025", ""],
    ["De  Boomhut", "05-05-2025", "suggestie", "openingstijden", "Graag eerder open.",
     "", "afgerond", "", "06-05-2025", ""],
]  # fmt: skip
MAPPING_CSV = b"field,value,target\nonderwerp,Oudercontact,Communicatie en informatie\n"
MAPPING_JSON = json.dumps({"onderwerp": {"oudercontact": "communicatie"}}).encode()


def xlsx_file(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def just_set_up(fresh_install, monkeypatch):
    """What `migrate` and `setup` leave: the organisation and its first account. Imported
    closed complaints need someone who may handle them (access.handler_candidates), so the
    person who installs it is the quality lead (`setup --role hoofd-kwaliteit`)."""
    monkeypatch.setenv("KLACHTWIJS_ORGANISATION_NAME", "Kinderopvang De Kleine Wereld")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "beheer")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "beheer@example.nl")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "lang-en-geheim-wachtwoord-42")
    call_command("setup", "--no-input", "--role", "hoofd-kwaliteit", stdout=io.StringIO())
    assert Organisation.objects.count() == 1
    assert not Region.objects.exists()
    assert not Service.objects.exists()
    user = User.objects.get()
    assert user.role == Role.QUALITY_LEAD
    return user


def _command(tmp_path, files: dict[str, bytes], *args):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_register", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("register", "mapping"),
    [
        ("register.xlsx", ("koppeling.csv", MAPPING_CSV)),
        ("register.csv", ("koppeling.json", MAPPING_JSON)),
    ],
)
def test_a_register_in_its_own_words_imports_into_a_bare_installation(
    just_set_up, tmp_path, register, mapping
):
    data = xlsx_file(REGISTER) if register.endswith(".xlsx") else csv_file(REGISTER)
    files = {register: data, mapping[0]: mapping[1]}
    args = [str(tmp_path / register), "--mapping", str(tmp_path / mapping[0])]
    error, out, err = _command(
        tmp_path, files, *args, "--create-locations", "--region", "GGD Brabant-Zuidoost"
    )
    assert error is None, err
    assert "5 klantreacties ingelezen." in out
    assert "GGD-regio 'Brabant-Zuidoost' aangemaakt; vul het e-mailadres van de GGD" in out
    assert "Dienst 'Dagopvang' (Wet kinderopvang) aangemaakt." in out
    assert "Nieuwe vestigingen: Morel, De Boomhut" in out
    region = Region.objects.get()
    assert (region.name, region.ggd_name, region.ggd_email) == (
        "Brabant-Zuidoost",
        "GGD Brabant-Zuidoost",
        "",
    )
    assert Service.objects.get().framework == LegalFramework.WKO
    assert sorted(Location.objects.values_list("name", flat=True)) == ["De Boomhut", "Morel"]
    assert set(Feedback.objects.values_list("status", flat=True)) == {Status.CLOSED}
    assert not ImportMapping.objects.exists()  # a file's mapping is for that import only

    figures = year_figures(Scope(year=2025))
    assert figures.total == 5
    assert figures.complaints == 3
    assert figures.by_location == {"Morel": 2, "De Boomhut": 3}
    assert figures.by_category["Communicatie en informatie"] == 2
    assert figures.by_category["Veiligheid, gezondheid en hygiëne"] == 1
    assert figures.by_outcome == {
        Outcome.WELL_FOUNDED: 1,
        Outcome.PARTLY_FOUNDED: 1,
        Outcome.UNFOUNDED: 1,
    }


def test_without_the_mapping_the_unknown_subject_is_named_and_nothing_is_stored(
    just_set_up, tmp_path
):
    files = {"register.xlsx": xlsx_file(REGISTER)}
    args = [str(tmp_path / "register.xlsx"), "--create-locations", "--region", "Brabant-Zuidoost"]
    error, _, err = _command(tmp_path, files, *args)
    assert "1 fout(en) gevonden; er is niets opgeslagen." in str(error)
    assert "rij 5, onderwerp: 'oudercontact' is geen bekend onderwerp" in err
    # all or nothing: the region and service made for the import are gone too
    assert not (Feedback.objects.exists())
    assert not (Location.objects.exists())
    assert not (Region.objects.exists())
    assert not (Service.objects.exists())


def test_every_bad_row_is_named(just_set_up, tmp_path):
    bad = [list(values) for values in REGISTER]
    bad[0][6] = "zoekgeraakt"  # status
    bad[2][1] = "31-02-2025"  # no date
    bad[4][2] = "klagt"  # kind
    files = {"register.csv": csv_file(bad), "koppeling.csv": MAPPING_CSV}
    args = [str(tmp_path / "register.csv"), "--mapping", str(tmp_path / "koppeling.csv")]
    error, _, err = _command(
        tmp_path, files, *args, "--create-locations", "--region", "Hollands Noorden"
    )
    assert "3 fout(en) gevonden" in str(error)
    lines = err.strip().splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("rij")] == [
        "rij 2, status",
        "rij 4, ontvangen_op",
        "rij 6, soort",
    ]
    assert not Feedback.objects.exists()
    assert not Region.objects.exists()


def test_a_bad_mapping_file_names_its_lines(just_set_up, tmp_path):
    mapping = b"onderwerp,oudercontact,Iets anders\nkleur,rood,blauw\nstatus,klaar,\n"
    files = {"register.csv": csv_file(REGISTER), "koppeling.csv": mapping}
    args = [str(tmp_path / "register.csv"), "--mapping", str(tmp_path / "koppeling.csv")]
    error, _, err = _command(tmp_path, files, *args)
    assert "3 fout(en) in het koppelbestand" in str(error)
    assert "regel 1: 'Iets anders' is geen bekende waarde voor onderwerp" in err
    assert "regel 2: 'kleur' is geen kolom om te koppelen" in err
    assert "regel 3: waarde en doel moeten allebei ingevuld zijn" in err


def test_service_names_a_preset_or_an_existing_service(just_set_up, tmp_path):
    files = {"register.csv": csv_file(REGISTER), "koppeling.csv": MAPPING_CSV}
    args = [str(tmp_path / "register.csv"), "--mapping", str(tmp_path / "koppeling.csv")]
    args += ["--create-locations", "--region", "Brabant-Zuidoost"]
    error, out, _ = _command(tmp_path, files, *args, "--service", "BSO")
    assert error is None
    assert "Dienst 'Buitenschoolse opvang' (Wet kinderopvang) aangemaakt." in out
    assert set(Feedback.objects.values_list("service__name", flat=True)) == {
        "Buitenschoolse opvang"
    }
    error, _, _ = _command(tmp_path, files, *args, "--service", "zwemles")
    assert "Onbekende dienst 'zwemles'" in str(error)


def test_an_unknown_region_without_create_locations_is_an_error(just_set_up, tmp_path):
    files = {"register.csv": csv_file(REGISTER)}
    error, _, _ = _command(tmp_path, files, str(tmp_path / "register.csv"), "--region", "Nergens")
    assert "Onbekende GGD-regio 'Nergens'" in str(error)
    assert not Region.objects.exists()
