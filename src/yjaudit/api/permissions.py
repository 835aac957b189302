"""DRF glue for `yjaudit.organisations.permissions` (which alone decides).

A viewset declares which permission action each DRF action needs, and which action
scopes its queryset::

    class CaseViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
        queryset = Case.objects.all()
        read_action = "case.view"
        staff_field = "case_manager"          # practitioners see their own only
        action_permissions = {"create": "case.manage", "partial_update": "case.manage"}

Reads (list, retrieve) need `read_action`. Objects outside the user's scope are 404;
a write on a visible object the user may not change is 403 (also when the user may not
do that action in any service: the object is looked up first, so the answer for an
object outside the user's scope is 404 exactly as for an id that does not exist).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from rest_framework import parsers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from yjaudit.organisations import permissions

from .filters import FilterErrors, QueryFilter, check_lookup, clean_filters, model_filters
from .parsers import JSONParser

READ_ACTIONS = {"list", "retrieve", "metadata"}


def _required(view: APIView) -> str | None:
    drf_action = getattr(view, "action", None) or ""
    if drf_action in READ_ACTIONS or drf_action == "":
        return getattr(view, "read_action", None)
    return getattr(view, "action_permissions", {}).get(drf_action)


def _is_detail(view: APIView) -> bool:
    kwarg = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
    return kwarg in getattr(view, "kwargs", {})


class ActionPermission(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        action = _required(view)
        if not request.user or not request.user.is_authenticated:
            return False
        if action and permissions.can(request.user, action):
            return True
        # On an object's URL the answer must not reveal whether the object exists: look it
        # up through the scoped queryset first (404 unless the user may see it), and only
        # then refuse (403) for an object the user can see but not change.
        if _is_detail(view):
            get_object = getattr(view, "get_object", None)
            if get_object is None:
                raise NotFound
            get_object()  # raises 404, or 403 via has_object_permission
        return False

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        action = _required(view)
        if not action:
            return False
        service = _service_of(obj, getattr(view, "service_field", "service"))
        return service is not None and permissions.can(request.user, action, service)


def _service_of(obj: Any, path: str) -> Any:
    if not path:
        return obj
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


class ScopedQuerysetMixin(GenericAPIView):
    """Filters `queryset` through `permissions.scope` with `read_action`.

    Also the one place where request input is checked before it reaches a query: declared
    `query_filters` (see `yjaudit.api.filters`; a bad value is 400 naming the parameter),
    the object id in the URL (an id that cannot exist is 404, never a database error), and
    JSON bodies (the limited parser in `yjaudit.api.parsers`, also where a viewset names
    DRF's own JSONParser).
    """

    permission_classes = [ActionPermission]
    read_action: str = ""
    action_permissions: dict[str, str] = {}
    service_field: str = "service"
    staff_field: str | None = None
    query_filters: ClassVar[dict[str, QueryFilter]] = {}

    def cleaned_filters(self) -> dict[str, Any]:
        """The declared query filters given, typed; 400 if any is bad. Parameters named
        like the model's foreign keys are checked too (`filters.model_filters`)."""
        cached: dict[str, Any] | None = getattr(self, "_cleaned_filters", None)
        if cached is None:
            model = getattr(type(self).queryset, "model", None)
            implied = model_filters(model) if model is not None else {}
            try:
                cached = clean_filters(self.request.query_params, {**implied, **self.query_filters})
            except FilterErrors as exc:
                raise ValidationError({k: [v] for k, v in exc.errors.items()}) from None
            self._cleaned_filters = cached
        return cached

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.cleaned_filters()

    def get_parsers(self) -> list[Any]:
        return [JSONParser() if type(p) is parsers.JSONParser else p for p in super().get_parsers()]

    def get_object(self) -> Any:
        kwarg = self.lookup_url_kwarg or self.lookup_field
        model = getattr(type(self).queryset, "model", None)
        raw = self.kwargs.get(kwarg)
        possible = raw is None or model is None or check_lookup(model, self.lookup_field, raw)
        if not possible:
            raise NotFound
        return super().get_object()

    def get_queryset(self) -> QuerySet[Model]:
        base: QuerySet[Model] = super().get_queryset()
        return permissions.scope(
            base, self.request.user, self.read_action, self.service_field, self.staff_field
        )
