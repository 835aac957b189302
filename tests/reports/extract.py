"""Every word a file holds, per format, for searching outputs."""

from __future__ import annotations

import io
import zipfile

from .pdfcheck import page_texts


def text_of(data: bytes, fmt: str) -> str:
    if fmt == "html":
        return data.decode("utf-8")
    if fmt == "pdf":
        return "\n".join(page_texts(data))
    # docx and xlsx are zip files of XML: search every part, whatever it is.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
