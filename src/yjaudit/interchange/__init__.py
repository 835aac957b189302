"""Files in and out of yjaudit: answers and judgements CSV, and results as JSON.

Pure Python (no Django): the CLI uses it directly and the Django apps reuse it for
answers import and export, so a file reads the same way everywhere and every
problem is reported with its file, row (the header is row 1) and column.
"""

from .answers import ANSWER_COLUMNS, AnswerFile, read_answers, read_answers_path, write_answers
from .csvtable import (
    CsvRow,
    CsvStream,
    CsvTable,
    escape_cell,
    read_csv,
    read_csv_path,
    stream_csv,
)
from .errors import InterchangeError, column_letter
from .judgements import (
    JUDGEMENT_COLUMNS,
    OVERRIDE_COLUMNS,
    JudgementFile,
    OverrideFile,
    read_judgements,
    read_judgements_path,
    read_overrides,
    read_overrides_path,
    write_judgements,
    write_overrides,
)
from .results import framework_dict, framework_list_item, number, report_dict, result_dict

__all__ = [
    "ANSWER_COLUMNS",
    "JUDGEMENT_COLUMNS",
    "OVERRIDE_COLUMNS",
    "AnswerFile",
    "CsvRow",
    "CsvStream",
    "CsvTable",
    "InterchangeError",
    "JudgementFile",
    "OverrideFile",
    "column_letter",
    "escape_cell",
    "framework_dict",
    "framework_list_item",
    "number",
    "read_answers",
    "read_answers_path",
    "read_csv",
    "read_csv_path",
    "read_judgements",
    "read_judgements_path",
    "read_overrides",
    "read_overrides_path",
    "report_dict",
    "result_dict",
    "stream_csv",
    "write_answers",
    "write_judgements",
    "write_overrides",
]
