"""The trail in words (issue 16): a code the model knows is shown as its words, a field by
the model's name for it, and people by name, never by e-mail address."""

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.services import record
from yjaudit.cases.models import Case
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_codes_fields_and_people_in_words() -> None:
    service = Service.objects.create(name="Alpha", code="ALPHA", nation="wales")
    admin = make_user("admin@alpha.example", service=service, roles=["administrator"])
    admin.first_name, admin.last_name = "Ada", "Lovelace"
    admin.save()
    nameless = make_user("qa.lead@alpha.example", service=service, roles=["qa_lead"])
    case = Case.objects.create(
        service=service, reference="ALPHA-1", disposal_type="referral-order",
        start_date=dt.date(2024, 3, 1),
    )  # fmt: skip
    record(
        actor=admin,
        action="case.update",
        target=case,
        before={"disposal_type": "referral-order", "sex": ""},
        after={"disposal_type": "dto", "sex": "female"},
    )
    record(actor=nameless, action="case.update", target=case, after={"setting": "custody"})
    record(actor=None, action="case.update", target=case, after={"rosh": "very-high"})
    # A person named in a snapshot (an assignment) reads by name too, never by e-mail.
    record(actor=admin, action="audit.assign", target=case, after={"auditor_id": nameless.pk})

    client = verified_login(Client(), admin)
    text = _text(client.get(reverse("audittrail:list")).content.decode())
    assert "Referral order → Detention and training order" in text
    assert "Female" in text and "Custody" in text and "Very high" in text
    assert "Disposal type" in text and "Ethnic group" not in text
    assert "Ada Lovelace" in text and "qa.lead" in text and "System" in text
    assert "@alpha.example" not in text
    for code in ("referral-order", " dto", "very-high", "custody "):
        assert code not in text, code

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = _text(client.get(reverse("audittrail:list")).content.decode())
    assert "Gorchymyn atgyfeirio → Gorchymyn cadw a hyfforddi" in welsh
    assert "Benyw" in welsh and "Dalfa" in welsh and "Y system" in welsh


def test_every_kind_of_thing_reads_as_words_never_a_run_together_class_name() -> None:
    from django.apps import apps

    from yjaudit.audittrail.labels import thing_label, words

    assert thing_label("practice.practiceimport") == "Practice import"
    assert thing_label("retention.erasure") == "Erasure"
    for model in apps.get_models():
        if not model.__module__.startswith("yjaudit"):
            continue
        meta = model._meta
        label = thing_label(meta.label_lower)
        if " " in str(meta.verbose_name):  # "case event", not "Caseevent"
            assert label != words(meta.model_name), meta.label_lower
