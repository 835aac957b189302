"""The register's pages in Welsh: Welsh headings, none of the English ones."""

import pytest
from django.conf import settings
from django.urls import reverse

from yjaudit.organisations.models import Role

from .factories import make_caseload, make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_the_register_pages_speak_welsh(client):
    service = make_service()
    make_people(service)
    [case, *_] = make_caseload(service, 3)
    sign_in(client, make_user("qa", service, Role.QA_LEAD))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    pages = {
        reverse("cases:list"): (
            ["Hidlo achosion", "Defnyddio'r hidlwyr", "3 achos"],
            ["Filter cases", "Apply filters", "Clear filters", "Cases matching the filters"],
        ),
        reverse("cases:detail", args=[case.pk]): (
            [f"Achos {case.reference}"],
            ["Back to cases", "Case manager"],
        ),
        reverse("cases:import_upload", args=[service.code]): (
            ["Mewnforio achosion", "Y colofnau sydd eu hangen ar eich ffeil", "Gofynnol"],
            ["Import cases", "The columns your file needs", "Upload and continue", "Optional"],
        ),
    }
    for url, (welsh, english) in pages.items():
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode().replace("&#x27;", "'")
        for words in welsh:
            assert words in html, (url, words)
        for words in english:
            assert words not in html, (url, words)


def test_every_code_label_has_welsh_and_pages_show_it(client):
    """The register's code lists (disposals, settings, levels, sex, ethnic group) read in
    Welsh on a Welsh page, while files and exports keep the labels as written."""
    from django.utils import translation

    from yjaudit.cases.codes import codes

    c = codes()
    lists = [c.disposal_types, c.disposal_categories, c.settings, c.levels, c.sexes, c.ethnicities]
    with translation.override("cy"):
        untranslated = [
            f"{codes_list.name}.{code.code}"
            for codes_list in lists
            for code in codes_list.codes
            if codes_list.words(code.code) == code.label
        ]
        assert not untranslated, f"no Welsh in the cases catalogue for {untranslated}"
        assert c.disposal_types.label("referral-order") == "Referral order"

    service = make_service()
    make_people(service)
    [case, *_] = make_caseload(service, 1)
    sign_in(client, make_user("qa", service, Role.QA_LEAD))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    english = c.disposal_types.label(case.disposal_type)
    with translation.override("cy"):
        welsh = c.disposal_types.words(case.disposal_type)
    assert welsh != english
    for url in (reverse("cases:detail", args=[case.pk]), reverse("cases:list")):
        html = client.get(url).content.decode().replace("&#x27;", "'")
        assert welsh in html and english not in html, url


def test_the_import_page_lists_values_in_both_languages_and_the_import_reads_either(client):
    """A Welsh page shows each allowed value in Welsh with the English spelling beside it;
    a file may use either spelling (or any known alias), and stores the same code."""
    from django.utils import translation

    from yjaudit.cases import services
    from yjaudit.cases.codes import codes
    from yjaudit.cases.models import Case

    c = codes()
    with translation.override("cy"):
        referral = c.disposal_types.words("referral-order")
        female = c.sexes.words("female")
    assert referral != "Referral order"
    # Any language's words, any case; an English alias still works; nonsense does not.
    assert c.disposal_types.resolve(referral.upper()) == "referral-order"
    assert c.sexes.resolve(female) == "female"
    assert c.disposal_types.resolve("Referral order") == "referral-order"
    assert c.disposal_types.resolve("Gorchymyn dychmygol") is None

    service = make_service()
    make_people(service)
    qa = make_user("qa", service, Role.QA_LEAD)
    sign_in(client, qa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(reverse("cases:import_upload", args=[service.code]))
    html = page.content.decode().replace("&#x27;", "'")
    assert f"{referral} (Referral order)" in html

    data = (
        "Reference,Disposal,Start date,Sex\n"
        f"W1,{referral},01/03/2024,{female}\n"
        "W2,Referral Order,01/03/2024,Female\n"
    ).encode()
    services.import_file(actor=qa, service=service, filename="cy.csv", data=data)
    stored = dict(Case.objects.filter(service=service).values_list("reference", "disposal_type"))
    assert stored == {"W1": "referral-order", "W2": "referral-order"}
    assert set(Case.objects.filter(service=service).values_list("sex", flat=True)) == {"female"}
