#!/usr/bin/env python3
"""Fetch the pinned GOV.UK Frontend (and MOJ Frontend) built assets, without Node.

Each package is downloaded as its npm tarball, checked against the sha512 integrity
string pinned below (the same string npm's lock files carry), and only its built files
(minified CSS and JS, fonts and images) are extracted into
src/yjaudit/web/static/vendor/<package>/. That folder is gitignored: `make assets` runs
this script on every machine. A stamp file makes a second run instant.

The GDS Transport typeface is licensed for services on GOV.UK only, and yjaudit is not
one: the font files are left out and the CSS falls back to Arial (as GOV.UK Frontend's
own `$govuk-font-family` setting does for services elsewhere). For the same reason the
layout shows no crown or GOV.UK logo.

Standard library only, so it runs before (or without) the virtual environment.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
import sys
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR_DIR = ROOT / "src" / "yjaudit" / "web" / "static" / "vendor"
REGISTRY = "https://registry.npmjs.org"
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Package:
    name: str  # npm name
    version: str
    integrity: str  # "sha512-<base64>" from the registry's dist.integrity
    folder: str  # destination under VENDOR_DIR
    prefix: str  # folder inside the tarball holding the built files
    keep: tuple[str, ...]  # files to keep, relative to prefix (folders end with "/")
    skip: tuple[str, ...] = ("assets/fonts/",)  # never extracted (see the module docstring)

    @property
    def tarball_url(self) -> str:
        basename = self.name.rsplit("/", 1)[-1]
        return f"{REGISTRY}/{self.name}/-/{basename}-{self.version}.tgz"

    @property
    def stamp(self) -> str:
        # RECIPE changes when what we do to the files changes, so old installs are redone.
        return f"{self.name}@{self.version} {self.integrity} recipe={RECIPE}\n"


PACKAGES = (
    Package(
        name="govuk-frontend",
        version="5.14.0",
        integrity=(
            "sha512-MgfaXswIM6KpXS2T5gltEnzgVLgfM3UoE9+rYkhBiR0suaJ8Let31VZXQZqz9QhiPDbv28fW1nRjIy"
            "LujfZIBA=="
        ),
        folder="govuk-frontend",
        prefix="package/dist/govuk/",
        keep=("govuk-frontend.min.css", "govuk-frontend.min.js", "assets/"),
    ),
    # MOJ Frontend 8.x is the last line built against GOV.UK Frontend 5 (peer ^5.11.2).
    # We use its CSS-only components (sub-navigation, badge, timeline).
    Package(
        name="@ministryofjustice/frontend",
        version="8.0.1",
        integrity=(
            "sha512-IPgCcNe+XKV55I4J/SIoYAkfYp7mmUKjO1igXhzOtcF05+stWPbJuL9QzKORlRUxkwZtQ1jmiY7P"
            "ZxMQzOXniw=="
        ),
        folder="moj-frontend",
        prefix="package/moj/",
        keep=("moj-frontend.min.css", "moj-frontend.min.js", "assets/"),
    ),
)

STAMP_NAME = ".vendored"
RECIPE = 3
_FONT_FACE = re.compile(rb"@font-face\{font-family:\"?GDS Transport\"?;[^}]*\}")
_FONT_STACK = re.compile(rb"font-family:\"?GDS Transport\"?,")
# The built files end by naming their source maps, which we do not vendor; Django's
# manifest storage (production) follows those names and fails on the missing file.
_SOURCE_MAP = re.compile(rb"\n?(?:/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S*)\s*$")


class VendorError(Exception):
    pass


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "yjaudit-vendor/1"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        raise VendorError(f"{url}: the registry answered HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise VendorError(
            f"cannot reach the npm registry for {url} ({reason}).\n"
            "Check the network or proxy settings (HTTPS_PROXY), then run `make assets` again."
        ) from None


def _check_integrity(package: Package, data: bytes) -> None:
    algorithm, _, expected = package.integrity.partition("-")
    if algorithm != "sha512":
        raise VendorError(f"{package.name}: only sha512 integrity strings are supported")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if actual != expected:
        raise VendorError(
            f"{package.name}@{package.version}: checksum mismatch (expected sha512-{expected}, "
            f"got sha512-{actual}); refusing to install it"
        )


def _wanted(package: Package, member: tarfile.TarInfo) -> str | None:
    """The member's path relative to the package's built folder, if we keep it."""
    if not member.isfile() or not member.name.startswith(package.prefix):
        return None
    relative = member.name[len(package.prefix) :]
    parts = Path(relative).parts
    if not parts or ".." in parts or relative.startswith("/"):
        return None
    if relative.endswith(".map") or relative.startswith(package.skip):
        return None
    for keep in package.keep:
        if relative == keep or (keep.endswith("/") and relative.startswith(keep)):
            return relative
    return None


def _rewrite_css(css: bytes) -> bytes:
    # The built CSS points at /assets/...; we serve it under /static/vendor/<folder>/,
    # so make the references relative to the stylesheet.
    css = css.replace(b"url(/assets/", b"url(assets/")
    # No GDS Transport outside GOV.UK: drop its @font-face rules, start stacks at Arial.
    css = _FONT_FACE.sub(b"", css)
    return _FONT_STACK.sub(b"font-family:", css)


def _install(package: Package, data: bytes) -> int:
    target = VENDOR_DIR / package.folder
    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            relative = _wanted(package, member)
            if relative is None:
                continue
            source = tar.extractfile(member)
            if source is None:
                continue
            content = source.read()
            if relative.endswith(".css"):
                content = _rewrite_css(content)
            if relative.endswith((".css", ".js", ".mjs")):
                content = _SOURCE_MAP.sub(b"\n", content)
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
            count += 1
    missing = [k for k in package.keep if not (staging / k).exists()]
    if missing:
        shutil.rmtree(staging, ignore_errors=True)
        raise VendorError(f"{package.name}@{package.version}: tarball lacks {', '.join(missing)}")
    (staging / STAMP_NAME).write_text(package.stamp, encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return count


def is_current(package: Package) -> bool:
    stamp = VENDOR_DIR / package.folder / STAMP_NAME
    try:
        return stamp.read_text(encoding="utf-8") == package.stamp
    except OSError:
        return False


def vendor(package: Package) -> str:
    if is_current(package):
        return f"{package.name}@{package.version}: already present"
    data = _fetch(package.tarball_url)
    _check_integrity(package, data)
    count = _install(package, data)
    return f"{package.name}@{package.version}: installed {count} files"


def main() -> int:
    try:
        for package in PACKAGES:
            print(vendor(package))
    except VendorError as exc:
        print(f"vendor_frontend: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
