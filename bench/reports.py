"""Report benchmarks: a round report as PDF for a 91-case round, and a board pack over
eight rounds, on a scratch database (answers stored as the case audit stores them).

    BENCH report-pdf-91  build the round report and print it to PDF.
        Reference: the same document rendered as HTML only (no page layout), so
        ratio = HTML time / PDF time says what share of the PDF time is layout-free.
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
        from yjaudit.audits.models import AuditRound
        from yjaudit.audits.results import clear_cache
        from yjaudit.reports import sources
        from yjaudit.reports.make import build_document
        from yjaudit.reports.render import render

        latest = world.build(rounds, cases)
        report = sources.round_score(latest)
        assert report is not None and report.result.cases == cases, "round not fully scored"

        def round_pdf() -> bytes:
            return render(build_document(latest, "round"), "pdf")

        def round_html() -> bytes:
            return render(build_document(latest, "round"), "html")

        h.reset_peak()
        seconds, pdf = h.best_of(round_pdf, repeats)
        peak = h.peak_mb()
        assert pdf.startswith(b"%PDF"), "not a PDF"
        reference, _ = h.best_of(round_html, repeats)
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
