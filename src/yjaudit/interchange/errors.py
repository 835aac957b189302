"""Problems with an interchange file, named the way a spreadsheet user can find them."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


class InterchangeError(ValueError):
    """A file that cannot be used, with where the problem is.

    `row` counts as a spreadsheet does (the header is row 1); `column` is the header
    name and `column_index` its 0-based position (shown as a letter). Either may be
    None when the problem is with the whole file.
    """

    def __init__(
        self,
        file: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        column_index: int | None = None,
    ):
        self.file = file
        self.row = row
        self.column = column
        self.column_index = column_index
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where: list[str] = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None or self.column_index is not None:
            name = self.column if self.column is not None else ""
            letter = (
                f"({column_letter(self.column_index)})" if self.column_index is not None else ""
            )
            where.append(" ".join(p for p in ("column", name, letter) if p))
        located = f"{self.file}: {', '.join(where)}" if where else self.file
        return f"{located}: {self.message}"
