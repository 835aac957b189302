"""Role matrix entries for children's and victims' questionnaires (written out by hand,
not read from the permission table). The answering pages are public: a one-use link is
the only key, and anyone holding one may answer, signed in or not."""

from __future__ import annotations

from typing import Any

from .matrix import PUBLIC, SIGNED_IN, Expect, World, roles

VIEW = roles("administrator", "qa_lead", "manager", "board_member", "inspector")
MANAGE = roles("qa_lead", "manager")
ENTER = roles("administrator", "qa_lead", "manager")
FREE_TEXT = roles("qa_lead", "manager", "inspector")


def _service(w: World) -> dict[str, Any]:
    return {"service_code": w.service.code}


def _collection(w: World) -> Any:
    from yjaudit.voice import services

    return services.open_collection(
        actor=None, service=w.service, questionnaire_id="children", name="Spring views"
    )


def _collection_kwargs(w: World) -> dict[str, Any]:
    return {**_service(w), "pk": _collection(w).pk}


def _token(w: World) -> dict[str, Any]:
    from yjaudit.voice import services

    (token,) = services.issue_links(actor=None, collection=_collection(w), count=1)
    return {"token": token}


def _question(w: World) -> dict[str, Any]:
    return {**_token(w), "question_id": "understand-order"}


ENTRIES: dict[str, Expect] = {
    "voice:index": Expect(get=SIGNED_IN),
    # Public answering pages (a fresh link each; POSTs run in rolled-back transactions).
    "voice:thanks": Expect(get=PUBLIC),
    "voice:start": Expect(get=PUBLIC, kwargs=_token, scoped=False),
    "voice:question": Expect(
        get=PUBLIC, post=PUBLIC, kwargs=_question, scoped=False, data=lambda w: {"answer": "yes"}
    ),
    "voice:check": Expect(get=PUBLIC, post=PUBLIC, kwargs=_token, scoped=False),
    # Staff pages: deny by default.
    "voice:service": Expect(
        get=VIEW,
        post=MANAGE,
        kwargs=_service,
        data=lambda w: {"questionnaire": "victims", "name": "Matrix"},
    ),
    "voice:collection": Expect(get=VIEW, kwargs=_collection_kwargs),
    "voice:links": Expect(
        get=MANAGE, post=MANAGE, kwargs=_collection_kwargs, data=lambda w: {"count": "2"}
    ),
    "voice:paper": Expect(
        get=ENTER,
        post=ENTER,
        kwargs=_collection_kwargs,
        data=lambda w: {
            "submitted_on_0": "1",
            "submitted_on_1": "4",
            "submitted_on_2": "2025",
            "paper_language": "en",
            "understand-order": "yes",
        },
    ),
    "voice:close": Expect(post=MANAGE, kwargs=_collection_kwargs),
    "voice:results": Expect(
        get=VIEW, kwargs=lambda w: {**_service(w), "questionnaire_id": "children"}
    ),
    "voice:free_text": Expect(
        get=FREE_TEXT, kwargs=lambda w: {**_service(w), "questionnaire_id": "children"}
    ),
}


API = {"version": "v1"}

ENTRIES.update(
    {
        "api:voice-list": Expect(get=VIEW, kwargs=lambda w: API, scoped=False),
        "api:voice-results": Expect(
            get=VIEW,
            kwargs=lambda w: {**API, **_service(w)},
        ),
        "api:voice-links": Expect(
            post=MANAGE,
            kwargs=lambda w: {**API, **_service(w)},
            data=lambda w: {"questionnaire": "children", "count": 2},
        ),
    }
)
