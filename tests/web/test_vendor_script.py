"""scripts/vendor_frontend.py, offline: integrity checking, what it extracts, the stamp."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "vendor_frontend.py"


@pytest.fixture
def vendor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("vendor_frontend", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look the module up
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "VENDOR_DIR", tmp_path / "vendor")
    return module


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _package(vendor: ModuleType, data: bytes) -> object:
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    return vendor.Package(
        name="demo-frontend",
        version="1.0.0",
        integrity=f"sha512-{digest}",
        folder="demo",
        prefix="package/dist/",
        keep=("demo.min.css", "demo.min.js", "assets/"),
    )


FILES = {
    "package/dist/demo.min.css": (
        b"@font-face{font-family:GDS Transport;src:url(/assets/fonts/f.woff2)}"
        b"a{background:url(/assets/images/x.svg)}b{font-family:GDS Transport,arial,sans-serif}"
    ),
    "package/dist/assets/images/x.svg": b"<svg/>",
    "package/dist/demo.min.js": b"export const x = 1;",
    "package/dist/demo.min.js.map": b"{}",
    "package/dist/assets/fonts/f.woff2": b"font",
    "package/dist/other.scss": b"$x: 1;",
    "package/dist/../escape.txt": b"no",
    "package/README.md": b"readme",
}


def test_install_keeps_built_files_only(
    vendor: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _tarball(FILES)
    package = _package(vendor, data)
    fetched = []
    monkeypatch.setattr(vendor, "_fetch", lambda url: fetched.append(url) or data)
    assert "installed 3 files" in vendor.vendor(package)
    target = vendor.VENDOR_DIR / "demo"
    names = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    # Built files only; no GDS Transport (licensed for GOV.UK services only).
    assert names == [".vendored", "assets/images/x.svg", "demo.min.css", "demo.min.js"]
    assert (target / "demo.min.css").read_bytes() == (
        b"a{background:url(assets/images/x.svg)}b{font-family:arial,sans-serif}"
    )
    assert fetched == ["https://registry.npmjs.org/demo-frontend/-/demo-frontend-1.0.0.tgz"]
    # Second run: the stamp matches, nothing is fetched.
    assert "already present" in vendor.vendor(package)
    assert len(fetched) == 1


def test_checksum_mismatch_is_refused(vendor: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package(vendor, _tarball(FILES))
    monkeypatch.setattr(vendor, "_fetch", lambda url: _tarball({**FILES, "package/x": b"evil"}))
    with pytest.raises(vendor.VendorError, match="checksum mismatch"):
        vendor.vendor(package)
    assert not (vendor.VENDOR_DIR / "demo").exists()


def test_unreachable_registry_gives_a_clear_error(
    vendor: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    import urllib.error

    def refuse(*args: object, **kwargs: object) -> None:
        raise urllib.error.URLError("connection refused")

    monkeypatch.setattr(vendor.urllib.request, "urlopen", refuse)
    with pytest.raises(vendor.VendorError, match="cannot reach the npm registry"):
        vendor._fetch("https://registry.npmjs.org/x/-/x-1.tgz")


def test_pinned_packages() -> None:
    text = SCRIPT.read_text()
    assert 'name="govuk-frontend",\n        version="5.' in text
