"""A rating band's label in the reader's words.

A band's label is a key: judgements and overrides store it, the engine finds a band by it
(`RatingScheme.band_by_label`) and judgement and result files carry it. So what is stored,
compared and exported stays the framework's English label, and only what a person reads
goes through `rating_words` ("Outstanding" reads "Rhagorol" on a Welsh page).

The bundled frameworks' labels are listed here so the catalogue check asks for their
Welsh; a label of a service's own framework is shown as it is written.

Django-free at import: `yjaudit score` (which never loads Django) passes its own gettext.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def gettext_noop(message: str) -> str:
    """Marks a msgid for the catalogue check; translated when shown."""
    return message


RATING_LABELS: tuple[str, ...] = (
    # HM Inspectorate of Probation's four-point scale, and its local-audit variant.
    gettext_noop("Outstanding"),
    gettext_noop("Good"),
    gettext_noop("Requires improvement"),
    gettext_noop("Inadequate"),
    gettext_noop("Needs improvement"),
    # Core Case Inspection (2009-2012): the level of improvement required, in capitals.
    gettext_noop("MINIMUM"),
    gettext_noop("MODERATE"),
    gettext_noop("SUBSTANTIAL"),
    gettext_noop("DRASTIC"),
)
_KNOWN = frozenset(RATING_LABELS)


def rating_words(label: str | None, translate: Callable[[str], str] | None = None) -> str:
    """The words for a band label in the active language (Django's, unless `translate`
    is given); "" for no rating.

    Only the bundled labels are translated (exact match): a label the catalogue does not
    know is shown unchanged.
    """
    if not label:
        return ""
    text = str(label)
    if text not in _KNOWN:
        return text
    if translate is not None:
        return str(translate(text))
    from django.utils.translation import gettext  # here: the CLI scores without Django

    return gettext(text)


def label_from_words(typed: str, labels: Iterable[str], languages: Iterable[str] = ("cy",)) -> str:
    """The band label whose words a person typed in another language ("Da" is "Good" in
    Welsh); "" when none matches. Files people fill in (judgements, overrides) may be
    written in Welsh; what is stored stays the framework's own label."""
    from django.utils import translation  # here: the CLI scores without Django

    wanted = typed.strip().casefold()
    if not wanted:
        return ""
    for language in languages:
        with translation.override(language):
            for label in labels:
                if rating_words(label).casefold() == wanted:
                    return label
    return ""
