"""API for children's and victims' questionnaires (`/api/v1/voice/...`).

- `GET voice/`: the bundled questionnaires in brief.
- `GET voice/{service}/results/?questionnaire=&quarter=`: results per question for a
  quarter (default: the latest with answers) with the trend; suppressed questions carry
  no counts; free text is never given.
- `POST voice/{service}/links/` (`questionnaire`, `count`, optional `collection`): issue
  one-use links; the URLs are in this response only (only hashes are kept). Without
  `collection`, the latest open collection of that questionnaire is used, or one opened.

`organisations.permissions` decides: results need `voice.view`, links `voice.manage`;
another service's code answers 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yjaudit.api.parsers import JSONParser
from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import service_for_action
from yjaudit.questionnaires import Questionnaire

from . import presenters, selectors, services
from .models import Collection
from .questionnaires import bundled, questionnaire_of
from .rules import voice_rules


class LinksSerializer(serializers.Serializer):
    questionnaire = serializers.CharField(max_length=64)
    count = serializers.IntegerField(min_value=1)
    collection = serializers.IntegerField(required=False, min_value=1)


def _questionnaire(questionnaire_id: str) -> Questionnaire:
    found = questionnaire_of(questionnaire_id)
    if found is None:
        raise ValidationError(
            {
                "questionnaire": gettext("Unknown questionnaire; use one of %(ids)s.")
                % {"ids": ", ".join(bundled())}
            }
        )
    return found


class VoiceViewSet(viewsets.ViewSet):
    """Questionnaires, a service's results, and one-use links."""

    lookup_field = "service_code"
    lookup_value_regex = r"[^/]+"
    parser_classes = [JSONParser]

    def _require(self, request: Request, act: str) -> None:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        if not permissions.can(request.user, act):
            raise PermissionDenied

    @extend_schema(
        responses=inline_serializer(
            "Questionnaire",
            {
                "id": serializers.CharField(),
                "audience": serializers.CharField(),
                "title": serializers.CharField(),
                "suppress_below": serializers.IntegerField(),
                "welsh_status": serializers.CharField(),
                "questions": serializers.ListField(child=serializers.DictField()),
            },
            many=True,
        )
    )
    def list(self, request: Request, version: str = "v1") -> Response:
        self._require(request, "voice.view")
        return Response(
            [
                {
                    "id": q.id,
                    "audience": q.audience,
                    "title": q.title.en,
                    "suppress_below": q.suppress.below,
                    "welsh_status": str(q.welsh.status),
                    "questions": [
                        {"id": x.id, "kind": str(x.kind), "text": x.text.en} for x in q.questions
                    ],
                }
                for q in bundled().values()
            ]
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "questionnaire", OpenApiTypes.STR, description="Default: the first, children."
            ),
            OpenApiParameter(
                "quarter",
                OpenApiTypes.STR,
                description='e.g. "2025-26 Q1"; default: the latest quarter with answers.',
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, service_code: str, version: str = "v1") -> Response:
        self._require(request, "voice.view")
        service = service_for_action(request.user, service_code, "voice.view")
        asked_for = request.query_params.get("questionnaire", "")[:64] or next(iter(bundled()))
        questionnaire = _questionnaire(asked_for)
        today = timezone.localdate()
        latest = selectors.latest_quarter(service, questionnaire, today)
        asked = request.query_params.get("quarter", "")
        quarter = latest
        if asked:
            offered = selectors.offered_quarters(latest, today)
            found = next((q for q in offered if q.label == asked), None)
            if found is None:
                raise ValidationError(
                    {
                        "quarter": gettext("Unknown quarter; use a label such as %(label)s.")
                        % {"label": repr(latest.label)}
                    }
                )
            quarter = found
        results = selectors.service_results(service, questionnaire, quarter)
        return Response(presenters.results_json(results, service.code))

    @extend_schema(
        request=LinksSerializer,
        responses={
            201: inline_serializer(
                "VoiceLinks",
                {
                    "collection": serializers.IntegerField(),
                    "questionnaire": serializers.CharField(),
                    "expires_in_days": serializers.IntegerField(),
                    "links": serializers.ListField(child=serializers.URLField()),
                },
            )
        },
    )
    @action(detail=True, methods=["post"])
    def links(self, request: Request, service_code: str, version: str = "v1") -> Response:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        # The service first: another service's code answers 404 whatever the roles.
        service = service_for_action(request.user, service_code, "voice.manage")
        form = LinksSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        questionnaire = _questionnaire(form.validated_data["questionnaire"])
        most = voice_rules().max_links_per_batch
        if form.validated_data["count"] > most:
            raise ValidationError(
                {"count": gettext("Issue at most %(n)s links at a time.") % {"n": most}}
            )
        wanted = form.validated_data.get("collection")
        open_ones = Collection.objects.filter(
            service=service, questionnaire=questionnaire.id, closed_at__isnull=True
        )
        if wanted is not None:
            collection = open_ones.filter(pk=wanted).first()
            if collection is None:
                raise ValidationError(
                    {"collection": gettext("No open collection of that questionnaire.")}
                )
        else:
            collection = open_ones.first() or services.open_collection(
                actor=request.user, service=service, questionnaire_id=questionnaire.id
            )
        try:
            tokens = services.issue_links(
                actor=request.user, collection=collection, count=form.validated_data["count"]
            )
        except services.VoiceError as exc:
            raise ValidationError({"count": str(exc)}) from None
        return Response(
            {
                "collection": collection.pk,
                "questionnaire": questionnaire.id,
                "expires_in_days": voice_rules().link_days,
                "links": [_url(request, t) for t in tokens],
            },
            status=status.HTTP_201_CREATED,
        )


def _url(request: Request, token: str) -> Any:
    return request.build_absolute_uri(reverse("voice:start", kwargs={"token": token}))
