"""The register's importable fields and how export column headers map onto them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..codes import normalise

EXTRA_PREFIX = "extra:"


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str | Promise
    required: bool = False
    # Headers seen in ChildView / Careworks / YOIS+ exports for this field.
    aliases: tuple[str, ...] = ()
    hint: str | Promise = ""
    # What the column may hold, for the import page's list of columns and the template:
    # "text", "reference", "case" (a children's case reference), "team", "staff",
    # "date", "yes_no", "age" or "code:<code list>" (a list in data/codes.yaml).
    values: str = "text"
    # The template's example where it does not come from the service or the code lists.
    example: str = ""


FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "reference",
        _("Case reference"),
        True,
        (
            "Reference",
            "Case ref",
            "Case reference",
            "YOT number",
            "YOT ID",
            "Child ID",
            "Case ID",
            "Careworks ID",
            "ChildView ID",
            "Ref",
        ),
        _("The case management system's reference. Never a name."),
        values="reference",
        example="YJ/2025/0001",
    ),
    ImportField(
        "team", _("Team"), False, ("Team", "Team name", "YOT team", "Locality"), values="team"
    ),
    ImportField(
        "case_manager",
        _("Case manager"),
        False,
        ("Case manager", "Case worker", "Caseworker", "Allocated worker", "Worker", "Key worker"),
        values="staff",
    ),
    ImportField(
        "disposal_type",
        _("Disposal type"),
        True,
        (
            "Disposal",
            "Disposal type",
            "Outcome",
            "Outcome type",
            "Order",
            "Order type",
            "Intervention",
            "Intervention type",
            "Sentence",
        ),
        values="code:disposal_types",
    ),
    ImportField(
        "setting",
        _("Setting (community or custody)"),
        False,
        ("Setting", "Location"),
        values="code:settings",
    ),
    ImportField(
        "resettlement",
        _("Resettlement case"),
        False,
        ("Resettlement",),
        values="yes_no",
        example="No",
    ),
    ImportField(
        "start_date",
        _("Start date"),
        True,
        (
            "Start date",
            "Order start",
            "Order start date",
            "Intervention start",
            "Disposal start date",
            "Date of order",
            "Sentence date",
        ),
        _("dd/mm/yyyy or yyyy-mm-dd"),
        values="date",
        example="01/04/2025",
    ),
    ImportField(
        "end_date",
        _("End date"),
        False,
        (
            "End date",
            "Order end",
            "Order end date",
            "Intervention end",
            "Closure date",
            "Disposal end date",
        ),
        _("dd/mm/yyyy or yyyy-mm-dd"),
        values="date",
        example="30/09/2025",
    ),
    ImportField(
        "rosh",
        _("Risk of serious harm"),
        False,
        ("RoSH", "ROSH rating", "Risk of serious harm"),
        values="code:levels",
    ),
    ImportField(
        "safety_wellbeing",
        _("Safety and wellbeing"),
        False,
        ("Safety and wellbeing", "Safety & wellbeing", "S&W", "SW rating", "Vulnerability"),
        values="code:levels",
    ),
    ImportField(
        "likelihood_reoffending",
        _("Likelihood of reoffending"),
        False,
        ("Likelihood of reoffending", "LoR", "Reoffending", "Likelihood of re-offending"),
        values="code:levels",
    ),
    ImportField("sex", _("Sex"), False, ("Sex", "Gender"), values="code:sexes"),
    ImportField(
        "ethnicity",
        _("Ethnic group"),
        False,
        ("Ethnicity", "Ethnic group", "Ethnic origin"),
        values="code:ethnicities",
    ),
    ImportField(
        "age_at_start",
        _("Age at start"),
        False,
        ("Age at start", "Age", "Age at order"),
        values="age",
        example="15",
    ),
    ImportField(
        "looked_after",
        _("Looked after"),
        False,
        ("Looked after", "LAC", "LAC status", "Looked after status", "CLA", "Child looked after"),
        values="yes_no",
        example="No",
    ),
)
FIELD_KEYS = {f.key for f in FIELDS}

# A victims' register (HMIP 2025 victims' cases): a reference, the linked child's
# case, and the consent and restorative justice facts. Never a name or contact detail.
VICTIM_FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "reference",
        _("Victim's case reference"),
        True,
        ("Victim reference", "Victim ref", "Victim ID", "Victim case reference", "Reference"),
        _("The case management system's reference for the victim's case. Never a name."),
        values="reference",
        example="V/2025/0001",
    ),
    ImportField(
        "linked_case",
        _("Linked child's case reference"),
        True,
        (
            "Linked case",
            "Linked case reference",
            "Child case reference",
            "Child reference",
            "Child ID",
            "YOT number",
            "Offender reference",
        ),
        _("The reference of the child's case in this service's register."),
        values="case",
    ),
    ImportField(
        "consent_to_contact",
        _("Consent to contact"),
        False,
        ("Consent to contact", "Consent", "Consented to contact", "Contact consent"),
        _("Yes or no"),
        values="yes_no",
        example="Yes",
    ),
    ImportField(
        "rj_offered",
        _("Restorative justice offered"),
        False,
        ("Restorative justice offered", "RJ offered", "RJ offer"),
        _("Yes or no"),
        values="yes_no",
        example="Yes",
    ),
    ImportField(
        "rj_taken_up",
        _("Restorative justice taken up"),
        False,
        ("Restorative justice taken up", "RJ taken up", "RJ accepted", "RJ participated"),
        _("Yes or no"),
        values="yes_no",
        example="No",
    ),
)


def fields_for(kind: str) -> tuple[ImportField, ...]:
    """The importable fields of a register kind ("children" or "victims")."""
    return VICTIM_FIELDS if kind == "victims" else FIELDS


# Columns that would carry identifying data: never mapped, never stored, and named in
# the preview so the user sees they were dropped.
IDENTIFYING_WORDS = (
    "name",
    "forename",
    "surname",
    "firstname",
    "lastname",
    "dob",
    "dateofbirth",
    "birth",
    "address",
    "postcode",
    "nhs",
    "upn",
    "pnc",
    "phone",
    "email",
)


def looks_identifying(header: str, fields: Sequence[ImportField] | None = None) -> bool:
    """A heading that names identifying data (a name, a date of birth, an address...),
    unless it is a known spelling of one of ``fields`` (e.g. "Child ID"; default: both
    registers' fields, children's and victims')."""
    known = fields if fields is not None else (*FIELDS, *VICTIM_FIELDS)
    key = normalise(header)
    return any(word in key for word in IDENTIFYING_WORDS) and key not in {
        normalise(a) for f in known for a in (f.key, str(f.label), *f.aliases)
    }


def suggest_mapping(
    headers: Sequence[str],
    remembered: Mapping[str, str] | None = None,
    extra_keys: Iterable[tuple[str, str]] = (),
    fields: Sequence[ImportField] | None = None,
    kind: str = "children",
) -> dict[str, str]:
    """Field key -> header: the remembered mapping where its header is still present,
    else the first header matching a known alias. ``extra_keys`` are (key, label) of
    the service's further attributes, matched by key or label. ``fields`` are the case
    register's of ``kind`` unless another importer (monitoring's record sets) gives its
    own."""
    by_norm = {normalise(h): h for h in headers if h}
    mapping: dict[str, str] = {}
    candidates: list[tuple[str, tuple[str, ...]]] = [
        (f.key, (f.key, str(f.label), *f.aliases))
        for f in (fields if fields is not None else fields_for(kind))
    ]
    candidates += [(EXTRA_PREFIX + k, (k, label)) for k, label in extra_keys]
    used: set[str] = set()
    for key, spellings in candidates:
        header = (remembered or {}).get(key)
        if header and header in headers and header not in used:
            mapping[key] = header
            used.add(header)
            continue
        for spelling in spellings:
            found = by_norm.get(normalise(spelling))
            if found and found not in used and not looks_identifying(found, fields):
                mapping[key] = found
                used.add(found)
                break
    return mapping
