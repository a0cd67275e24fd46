"""Who may handle a dossier has one answer, `access.handler_candidates` / `access.may_handle`,
and every door gives it: the assign and measure forms, the list filter, the API, the
importer and the assign service (LEGAL.md M2 for the meldcode dossier)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from klachtwijs.api.models import ApiToken
from klachtwijs.api.serializers.actions import AssignSerializer
from klachtwijs.feedback import services
from klachtwijs.feedback.filters import FeedbackFilterForm
from klachtwijs.feedback.forms import AssignForm, measure_formset
from klachtwijs.feedback.models import Category, Feedback
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role
from klachtwijs.register.parse import table_read
from klachtwijs.register.services import register_import
from tests.concerned import meldcode_about
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.importing.conftest import csv_file, row

pytestmark = pytest.mark.django_db

QO, QL, H, MO = Role.QUALITY_OFFICER, Role.QUALITY_LEAD, Role.HANDLER, Role.MELDCODE_OFFICER
MG, CP, EMP, ADM = Role.MANAGEMENT, Role.CLIENT_PANEL, Role.EMPLOYEE, Role.ADMINISTRATOR

# (who, ordinary dossier, meldcode dossier)
PEOPLE = [
    ({"role": H}, True, False),
    ({"role": H, "at_location": False}, True, False),  # support-department staff
    ({"role": QO}, True, False),
    ({"role": QO, "meldcode_designated": True}, True, True),
    ({"role": QL}, True, True),
    ({"role": MG}, False, False),  # management reads; it cannot do a handler's work
    ({"role": MO}, False, True),
    ({"role": EMP}, False, False),
    ({"role": CP}, False, False),
    ({"role": ADM}, False, False),
    ({"role": QL, "is_active": False}, False, False),
    ({"role": QL, "api_token": True}, False, False),
]


def _person(location, at_location=True, api_token=False, **fields):
    user = UserFactory(locations=[location] if at_location else [], **fields)
    if api_token:
        ApiToken.objects.create(name="koppeling", user=user, role=fields["role"])
    return user


def _in(queryset, user) -> bool:
    return queryset.filter(pk=user.pk).exists()


def _service_accepts(feedback, user, by) -> bool:
    try:
        with transaction.atomic():
            services.feedback_assign(feedback_id=feedback.pk, handler=user, by=by)
            transaction.set_rollback(True)
    except ValidationError:
        return False
    return True


def _importer_picks(location, user, category: str) -> bool:
    """The importer, run by `user`, at a location without a manager: it picks the importer as
    handler when they may handle the dossier, else someone of the quality department."""
    table = table_read(
        data=csv_file(
            [
                row(
                    vestiging=location.name,
                    onderwerp=category,
                    status="in behandeling",
                    oordeel="",
                    afgesloten_op="",
                )
            ]
        ),
        filename="register.csv",
    )
    before = set(Feedback.objects.values_list("pk", flat=True))
    with transaction.atomic():
        result = register_import(rows=table, create_locations=False, dry_run=False, by=user)
        assert not result.errors, result.errors
        feedback = Feedback.objects.exclude(pk__in=before).get()
        picked = feedback.handler_id == user.pk
        transaction.set_rollback(True)
    return picked


def _answers(feedback, user, by, category) -> dict[str, bool]:
    return {
        "access.may_handle": access.may_handle(user, feedback),
        "access.handler_candidates": _in(access.handler_candidates(feedback), user),
        "assign form": _in(AssignForm.for_feedback(feedback).fields["handler"].queryset, user),
        "measure form": _in(measure_formset(feedback)[0].fields["owner"].queryset, user),
        "assign service": _service_accepts(feedback, user, by),
        "importer": _importer_picks(feedback.location, user, category),
    }


@pytest.mark.parametrize(("who", "ordinary", "meldcode"), PEOPLE)
def test_every_door_agrees_on_who_may_handle(who, ordinary, meldcode):
    location = LocationFactory(name="Morel")
    officer = UserFactory(role=QO, username="kwaliteit")
    lead = UserFactory(role=QL, username="hoofdkwaliteit")
    user = _person(location, **who)
    plain = FeedbackFactory(location=location, registered=True)
    answers = _answers(plain, user, officer, "Communicatie en informatie")
    assert answers == dict.fromkeys(answers, ordinary)
    # Without a dossier (the list filter, the API's choice of people): any dossier at all.
    anywhere = {
        "access.may_handle": access.may_handle(user),
        "list filter": _in(FeedbackFilterForm(user=officer).fields["handler"].queryset, user),
        "api": AssignSerializer(data={"handler": user.pk}).is_valid(),
    }
    assert anywhere == dict.fromkeys(anywhere, ordinary or meldcode)

    restricted_category = Category.objects.get(is_meldcode=True)
    restricted = FeedbackFactory(location=location, category=restricted_category)
    services.feedback_register(
        feedback_id=restricted.pk,
        by=lead,
        kind=restricted.kind,
        category=restricted_category,
        location=location,
        service=restricted.service,
    )
    restricted = Feedback.objects.get(pk=restricted.pk)
    assert restricted.is_restricted
    answers = _answers(restricted, user, lead, restricted_category.name)
    assert answers == dict.fromkeys(answers, meldcode)


@pytest.mark.parametrize("role", ["designated_officer", "meldcode_officer", "quality_lead"])
def test_the_employee_concerned_may_never_handle_the_dossier_about_them(role):
    case = meldcode_about(role)
    feedback, concerned = case.feedback, case.concerned
    assert not access.may_handle(concerned, feedback)
    assert not _in(AssignForm.for_feedback(feedback).fields["handler"].queryset, concerned)
    assert not _in(measure_formset(feedback)[0].fields["owner"].queryset, concerned)
    # ... while a colleague in the same role may.
    colleague = UserFactory(**{"role": concerned.role, "meldcode_designated": True})
    assert access.may_handle(colleague, feedback)


def test_the_location_manager_comes_first_then_its_staff():
    location = LocationFactory()
    UserFactory(role=QO, last_name="Aalders")
    staff = UserFactory(role=H, locations=[location], last_name="Bakker")
    manager = UserFactory(role=H, last_name="Zwart")
    location.manager = manager
    location.save()
    feedback = FeedbackFactory(location=location, registered=True)
    assert list(access.handler_candidates(feedback))[:2] == [manager, staff]
