"""View helpers that ask `permissions` (never decide themselves).

- `ActionRequiredMixin`: class-based views that need `permission_action` in at least one
  service (lists across the user's services). Anonymous -> sign in; otherwise 403.
- `ServiceActionMixin`: views under `<service_code>`; a service where the user holds no
  role answers 404 (existence does not leak); a role without the action answers 403.
  Sets `self.service`.
- `require_action(action)`: the same as `ActionRequiredMixin` for function views.
- `get_scoped_object_or_404(...)`: detail lookups through `permissions.scope`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from . import permissions
from .models import Service

M = TypeVar("M", bound=Model)


class ActionRequiredMixin(LoginRequiredMixin):
    permission_action: str = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.permission_action or not permissions.can(request.user, self.permission_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def service_for_action(user: Any, code: str, action: str) -> Service:
    """The service named `code`, if the user may do `action` there (404 / 403 otherwise)."""
    service = get_object_or_404(Service, code=code)
    if not permissions.roles_in(user, service):
        raise Http404
    if not permissions.can(user, action, service):
        raise PermissionDenied
    return service


class ServiceActionMixin(LoginRequiredMixin):
    permission_action: str = ""
    service_url_kwarg = "service_code"
    service: Service

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.service = service_for_action(
            request.user, kwargs[self.service_url_kwarg], self.permission_action
        )
        return super().dispatch(request, *args, **kwargs)


def require_action(
    action: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not permissions.can(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_scoped_object_or_404(
    queryset: QuerySet[M],
    user: Any,
    action: str,
    *,
    service_field: str = "service",
    staff_field: str | None = None,
    **lookup: Any,
) -> M:
    """Fetch one object the user may see for `action`; anything else is a 404."""
    scoped = permissions.scope(queryset, user, action, service_field, staff_field)
    return get_object_or_404(scoped, **lookup)
