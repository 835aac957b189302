"""Benchmarks, run by `make bench` (`python -m bench`).

One module per benchmark: any module here whose name does not start with "_" and that
defines `run(quick: bool) -> None` is run by `python -m bench` (or by name:
`python -m bench scoring`). Each prints one line per measurement through
`bench._harness.emit`:

    BENCH <name> <seconds> s ratio=<reference seconds / our seconds> peak=<MB>MB
"""
