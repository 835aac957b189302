"""The breadcrumb trail of a page: from the registry (`breadcrumbs.PAGES`) up to Home.

The site's context processor hands `crumbs_for` to every template; the UI kit's
`{% site_breadcrumbs %}` tag (web/templatetags/govuk.py, in base.html) calls it with the
page's context. The walk starts at the current URL name and follows each entry's parent:

- an ancestor's URL arguments and label are paths into a namespace made of the page's
  context, the current URL's arguments (`url.<name>`) and what entries derive on the way
  (e.g. a case audit gives its `round` to the round's pages above it);
- an ancestor is a link only when the permissions module says the reader may open it,
  otherwise plain text; a private label (a case reference) is replaced by words when the
  reader may not open the page it names;
- the trail ends with the parent of the current page (its own name is the page's h1).

Top-level pages (home and the navigation's areas) have no trail. A page whose entry
cannot be resolved raises in DEBUG and tests (so a missing context name is caught) and
shows no trail in production: a trail is never worth a failed page.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template import Context, Variable, VariableDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from yjaudit.organisations import permissions

from . import navigation
from .breadcrumbs import HOME, NO_TRAIL, PAGES, Crumb

log = logging.getLogger(__name__)

MAX_DEPTH = 12  # a loop in the registry stops here (and the registry test catches it)


class TrailError(LookupError):
    """An entry of the registry does not fit the page it is used on."""


def top_level() -> dict[str, Any]:
    """URL name -> navigation item for home and every area the navigation links to."""
    return {item.url_name: item for item in navigation.ITEMS}


def _strict() -> bool:
    return bool(settings.DEBUG or settings.YJAUDIT_STRICT_ACTIONS)


def resolve(path: str, names: Mapping[str, Any]) -> Any:
    """The value of a dotted path ("round.name"); "a|b" tries each in turn."""
    for alternative in path.split("|"):
        try:
            value = Variable(alternative.strip()).resolve(names)
        except VariableDoesNotExist:
            continue
        if value is not None and value != "":
            return value
    raise TrailError(f"nothing at {path!r}")


def _role_may_open(request: HttpRequest, crumb: Crumb, names: Mapping[str, Any]) -> bool:
    user = request.user
    if not crumb.action:
        return bool(user.is_authenticated)
    service = resolve(crumb.service, names) if crumb.service else None
    return permissions.can(user, crumb.action, service)


def _may_open(request: HttpRequest, crumb: Crumb, names: Mapping[str, Any]) -> bool:
    if not _role_may_open(request, crumb, names):
        return False
    if crumb.closed_if:
        decision, path = crumb.closed_if
        return not getattr(permissions, decision)(request.user, resolve(path, names))
    return True


def _label(crumb: Crumb, names: Mapping[str, Any], may_see: bool) -> str | Promise:
    if not crumb.label_from:
        return crumb.label
    if crumb.private and not may_see:
        return crumb.fallback
    try:
        value = str(resolve(crumb.label_from, names))
    except TrailError:
        if not crumb.fallback:
            raise
        return crumb.fallback
    return str(crumb.label) % {"value": value} if crumb.label else value


def _derive(crumb: Crumb, names: dict[str, Any]) -> None:
    for name, path in crumb.derive.items():
        if name not in names:
            try:
                names[name] = resolve(path, names)
            except TrailError:
                continue  # a later entry that needs it says so


def _top(request: HttpRequest, url_name: str) -> dict[str, Any]:
    item = top_level()[url_name]
    url = navigation.optional_url(url_name)
    return {"label": item.label, "url": url if item.visible(request) else ""}


def _parent(request: HttpRequest, crumb: Crumb, names: Mapping[str, Any]) -> str:
    """The first parent the reader may open; the last one (as text) if none."""
    choices = (crumb.parent,) if isinstance(crumb.parent, str) else crumb.parent
    tops = top_level()
    for name in choices[:-1]:
        if name in tops:
            if tops[name].visible(request):
                return name
        elif _may_open(request, PAGES[name], names):
            return name
    return choices[-1]


def trail(request: HttpRequest, url_name: str, names: dict[str, Any]) -> list[dict[str, Any]]:
    """[{"label", "url"}] from Home to the parent of `url_name`; [] when it has none."""
    tops = top_level()
    if url_name in tops or url_name in NO_TRAIL or url_name not in PAGES:
        return []
    crumbs: list[dict[str, Any]] = []
    crumb = PAGES[url_name]
    _derive(crumb, names)
    name = _parent(request, crumb, names)
    for _depth in range(MAX_DEPTH):
        if name == HOME or name in tops:
            crumbs.append(_top(request, name))
            if name != HOME:
                crumbs.append(_top(request, HOME))
            return crumbs[::-1]
        if name not in PAGES:
            raise TrailError(f"{url_name}: no breadcrumb entry for its ancestor {name!r}")
        crumb = PAGES[name]
        _derive(crumb, names)
        may_open = _may_open(request, crumb, names)
        kwargs = {key: resolve(path, names) for key, path in crumb.kwargs.items()}
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch as exc:
            raise TrailError(f"{url_name}: {name} with {kwargs}: {exc}") from exc
        # A private label follows the role (the page itself may show the case reference to a
        # blind second marker); the link also follows decisions about the object.
        label = _label(crumb, names, may_open or _role_may_open(request, crumb, names))
        crumbs.append({"label": label, "url": url if may_open else ""})
        name = _parent(request, crumb, names)
    raise TrailError(f"{url_name}: the trail is longer than {MAX_DEPTH} (a loop?)")


def crumbs_for(context: Context) -> list[dict[str, Any]]:
    """The trail of the page being rendered (the `{% site_breadcrumbs %}` tag asks this)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if request is None or match is None or not hasattr(request, "user"):
        return []
    names: dict[str, Any] = {str(key): value for key, value in context.flatten().items()}
    names["url"] = dict(match.kwargs)
    try:
        return trail(request, match.view_name, names)
    except TrailError as exc:
        if _strict():
            raise
        log.warning("breadcrumbs: %s", exc)
        return []
