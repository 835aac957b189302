"""The page checks themselves catch what they are for (so they can fail)."""

from weasyprint import HTML

from .pdfcheck import ink_outside_margins, page_images, page_texts

CSS = "@page { size: A4; margin: 18mm 16mm 20mm 16mm; }"


def test_overflow_is_detected() -> None:
    html = f"<style>{CSS}</style><div style='width: 260mm; background: black; height: 20mm'></div>"
    pages = page_images(HTML(string=html).write_pdf())
    assert "right margin" in ink_outside_margins(pages[0])


def test_content_inside_margins_passes() -> None:
    html = f"<style>{CSS}</style><p>Short text well inside the page.</p>"
    pages = page_images(HTML(string=html).write_pdf())
    assert ink_outside_margins(pages[0]) == []


def test_page_texts_split_pages() -> None:
    html = f"<style>{CSS}</style><p>one</p><p style='break-before: page'>two</p>"
    texts = page_texts(HTML(string=html).write_pdf())
    assert len(texts) == 2 and "one" in texts[0] and "two" in texts[1]
