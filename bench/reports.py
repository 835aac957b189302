"""Report benchmarks: a round report as PDF for a 91-case round, and a board pack over
eight rounds, on a scratch database (answers stored as the case audit stores them).

    BENCH report-pdf-91  build the round report and print it to PDF.
        Reference: the naive print of the same document, with WeasyPrint's automatic
        table layout for the data appendix (every cell measured twice) instead of the
        print stylesheet's fixed column widths; ratio = naive time / our time.
    BENCH board-pack-8   build the board pack (latest round, trend over 8 rounds) and
        print it to PDF, every round scored afresh (results cache cleared first).
        Reference: the naive way to the same figures, a round report PDF per round
        for all 8 rounds, so ratio = naive time / pack time (> 1: the pack is cheaper).

Targets: report-pdf-91 under 3 s, board-pack-8 under 10 s. Both sides report their
fastest run. Data generation is not timed.
"""

from __future__ import annotations

from . import _harness as h
from . import _report_world as world


def run(quick: bool = False) -> None:
    cases, rounds, repeats = (20, 3, 1) if quick else (91, 8, 3)
    with world.scratch_database():
        from yjaudit.audits.case_audits.round_scores import clear_cache
        from yjaudit.audits.models import AuditRound
        from yjaudit.reports import sources
        from yjaudit.reports.make import build_document
        from yjaudit.reports.render import render

        latest = world.build(rounds, cases)
        report = sources.round_score(latest)
        assert report is not None and report.result.cases == cases, "round not fully scored"

        def round_pdf() -> bytes:
            return render(build_document(latest, "round"), "pdf")

        def naive_pdf() -> bytes:
            from weasyprint import HTML

            from yjaudit.reports.render.html import render_html

            html = render_html(build_document(latest, "round"))
            fixed = ".report-table--appendix { table-layout: fixed; }"
            assert fixed in html, "the print stylesheet changed: update the reference"
            naive: bytes = HTML(string=html.replace(fixed, "")).write_pdf()
            return naive

        h.reset_peak()
        seconds, pdf = h.best_of(round_pdf, repeats)
        peak = h.peak_mb()
        assert pdf.startswith(b"%PDF"), "not a PDF"
        reference, _ = h.best_of(naive_pdf, repeats)
        h.emit(f"report-pdf-{cases}", seconds, reference, peak)

        def pack() -> bytes:
            clear_cache()
            return render(build_document(latest, "board", rounds=rounds), "pdf")

        def naive() -> list[bytes]:
            clear_cache()
            all_rounds = AuditRound.objects.filter(service=latest.service).order_by("period_end")
            return [render(build_document(r, "round"), "pdf") for r in all_rounds]

        h.reset_peak()
        seconds, pdf = h.best_of(pack, max(1, repeats - 1))
        peak = h.peak_mb()
        assert pdf.startswith(b"%PDF"), "not a PDF"
        reference, pdfs = h.best_of(naive, 1)
        assert len(pdfs) == rounds
        h.emit(f"board-pack-{rounds}", seconds, reference, peak)
