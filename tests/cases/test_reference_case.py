"""Case references are unique per service ignoring letter case (issue 9.7): enforced by
the database, reported clearly by the service, matched so by imports, and checked by the
migration before it adds the constraint."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from yjaudit.cases import services
from yjaudit.cases.models import Case

from .factories import make_service, make_user

BASE = {"disposal_type": "referral-order", "start_date": dt.date(2024, 3, 1)}


@pytest.mark.django_db
def test_the_database_refuses_a_reference_differing_only_in_case():
    derby = make_service()
    Case.objects.create(service=derby, reference="ABC-1", **BASE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(service=derby, reference="abc-1", **BASE)
    # Another service may use the same reference.
    Case.objects.create(service=make_service("LEEDS", "Leeds"), reference="abc-1", **BASE)


@pytest.mark.django_db
def test_the_service_reports_a_clash_on_the_reference_field():
    derby = make_service()
    user = make_user("qa", derby)
    services.create_case(actor=user, service=derby, data={"reference": "ABC-1", **BASE})
    with pytest.raises(ValidationError) as error:
        services.create_case(actor=user, service=derby, data={"reference": "abc-1", **BASE})
    assert "ABC-1" in error.value.message_dict["reference"][0]
    other = services.create_case(actor=user, service=derby, data={"reference": "XYZ-2", **BASE})
    with pytest.raises(ValidationError) as error:
        services.update_case(actor=user, case=other, data={"reference": "Abc-1"})
    assert "reference" in error.value.message_dict
    # Changing only the letter case of a case's own reference is allowed.
    services.update_case(actor=user, case=other, data={"reference": "xyz-2"})
    assert Case.objects.filter(service=derby).count() == 2


@pytest.mark.django_db
def test_an_import_updates_the_case_whatever_the_letter_case():
    derby = make_service()
    user = make_user("qa", derby)
    services.create_case(actor=user, service=derby, data={"reference": "ABC-1", **BASE})
    data = b"Reference,Disposal,Start date,RoSH\nabc-1,Referral Order,01/03/2024,High\n"
    plan = services.import_file(actor=user, service=derby, filename="e.csv", data=data)
    assert (len(plan.creates), len(plan.updates)) == (0, 1)
    assert list(Case.objects.filter(service=derby).values_list("reference", "rosh")) == [
        ("ABC-1", "high")
    ]


@pytest.mark.django_db(transaction=True)
def test_the_migration_stops_and_lists_existing_duplicates():
    before = [("cases", "0001_initial")]
    after = [("cases", "0002_case_reference_unique_ignoring_case")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        service = old.get_model("organisations", "Service").objects.create(
            code="DERBY", name="Derby", nation="england"
        )
        old_case = old.get_model("cases", "Case")
        for ref in ("ABC-1", "abc-1", "XYZ-9"):
            old_case.objects.create(service=service, reference=ref, **BASE)
        executor = MigrationExecutor(connection)
        with pytest.raises(RuntimeError) as error:
            executor.migrate(after)
        assert "DERBY: ABC-1" in str(error.value) and "abc-1" in str(error.value)
        assert "XYZ-9" not in str(error.value)
        # Nothing was merged or deleted.
        assert old_case.objects.count() == 3
        old_case.objects.filter(reference="abc-1").update(reference="abc-2")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # every app, as before
