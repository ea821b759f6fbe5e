"""REPORT-2: the one place that writes a workbook; every export is a ``Sheet`` spec handed to it.

XlsxWriter in ``constant_memory`` mode: each row is flushed to a temporary file as soon as the next
one starts, so a city's year (10,000 cadres × 365 days) is written in constant memory; rows
therefore arrive in order, from an iterator, and are never revisited (see BENCHMARKS.md for the
figures against CSV and openpyxl's write-only mode). An export (the monthly sheet, a recall case's
evidence, later the assessment sheet) only builds a ``Sheet``: its title, columns, a row iterator,
the value formats and a legend; the layout (title, frozen header, A4 landscape, widths) lives here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import xlsxwriter
from flask import send_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "宋体"
A4 = 9  # XlsxWriter's paper index for A4


@dataclass(frozen=True)
class Column:
    """One column: its header, width in characters, and kind (``text``, ``mark``, ``number``, ``money``)."""

    header: str
    width: float = 10
    kind: str = "text"
    subheader: str = ""  # a second header line (e.g. the weekday under a day number)


@dataclass
class Sheet:
    """What an export decides; ``write_workbook`` decides how it looks."""

    name: str  # the tab's name (≤ 31 characters)
    title: str  # the merged title row
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    subtitle: str = ""
    freeze_columns: int = 0  # columns kept in view when scrolling right (names, village…)
    mark_formats: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # value → format of a mark
    legend: Sequence[tuple[str, str]] = ()  # (mark, meaning), written under the table
    notes: Sequence[str] = ()  # lines under the legend
    landscape: bool = True
    size: int | None = None  # the number of rows, when known beforehand (for a progress bar)


def write_workbook(target: str | IO[bytes], sheets: Sequence[Sheet],
                   on_row: Callable[[int], None] | None = None) -> int:
    """Write ``sheets`` into one .xlsx at ``target`` (a path or a binary file); returns the data rows.

    ``on_row(n)`` is told every 500 rows (and at the end) how many rows were written since its last
    call, for a progress bar."""
    book = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False,
                                        "strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    try:
        total = sum(_write_sheet(book, sheet, _Formats(book, sheet.mark_formats), on_row) for sheet in sheets)
    finally:
        book.close()
    return total


class _Formats:
    def __init__(self, book, marks: Mapping[str, Mapping[str, Any]]):
        base = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "vcenter"}
        self.title = book.add_format({"font_name": FONT, "bold": True, "font_size": 16, "align": "center"})
        self.subtitle = book.add_format({"font_name": FONT, "font_size": 9, "align": "left"})
        self.header = book.add_format({**base, "bold": True, "align": "center", "bg_color": "#DDEBF7",
                                       "text_wrap": True})
        self.text = book.add_format(base)
        self.number = book.add_format({**base, "align": "center"})
        self.money = book.add_format({**base, "align": "right", "num_format": "0.00"})
        self.mark = book.add_format({**base, "align": "center"})
        self.marks = {value: book.add_format({**base, "align": "center", **extra}) for value, extra in marks.items()}
        self.plain = book.add_format({"font_name": FONT, "font_size": 10})


def _write_sheet(book, sheet: Sheet, fmt: _Formats, on_row: Callable[[int], None] | None) -> int:
    ws = book.add_worksheet(sheet.name[:31])
    columns = list(sheet.columns)
    last_col = max(len(columns) - 1, 0)
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width)
    ws.merge_range(0, 0, 0, last_col, sheet.title, fmt.title)
    ws.set_row(0, 26)
    ws.write_string(1, 0, sheet.subtitle, fmt.subtitle)
    two_lines = any(c.subheader for c in columns)
    for index, column in enumerate(columns):
        ws.write_string(2, index, column.header, fmt.header)
    header_end = 2
    if two_lines:
        header_end = 3
        for index, column in enumerate(columns):
            ws.write_string(3, index, column.subheader, fmt.header)
    _print_setup(ws, sheet, header_end)
    ws.freeze_panes(header_end + 1, sheet.freeze_columns)
    row, pending = header_end + 1, 0
    cell = [_cell_writer(ws, column.kind, fmt) for column in columns]
    for values in sheet.rows:
        for index, value in enumerate(values):
            cell[index](row, index, value)
        row += 1
        pending += 1
        if on_row and pending == 500:
            on_row(pending)
            pending = 0
    if on_row and pending:
        on_row(pending)
    rows_written = row - header_end - 1
    _legend(ws, sheet, row + 1, fmt)
    return rows_written


def _cell_writer(ws, kind: str, fmt: _Formats) -> Callable[[int, int, Any], None]:
    if kind == "mark":
        marks, default = fmt.marks, fmt.mark

        def mark(row: int, col: int, value: Any) -> None:
            if value:
                ws.write_string(row, col, value, marks.get(value, default))
            else:
                ws.write_blank(row, col, None, default)
        return mark
    if kind == "money":
        def money(row: int, col: int, value: Any) -> None:
            """PAY-1: a Decimal amount to the fen, shown with two decimals (Excel keeps numbers as doubles;
            amounts to the fen are exact there up to 2^53 fen)."""
            if value is None or value == "":
                ws.write_blank(row, col, None, fmt.money)
            else:
                ws.write_number(row, col, float(value), fmt.money)
        return money
    if kind == "number":
        def number(row: int, col: int, value: Any) -> None:
            if value is None or value == "":
                ws.write_blank(row, col, None, fmt.number)
            else:
                ws.write_number(row, col, value, fmt.number)
        return number

    def text(row: int, col: int, value: Any) -> None:
        if value is None or value == "":
            ws.write_blank(row, col, None, fmt.text)  # an empty cell, not an empty string
        else:
            ws.write_string(row, col, str(value), fmt.text)
    return text


def _print_setup(ws, sheet: Sheet, header_end: int) -> None:
    """A4, landscape by default, one page wide, the header rows repeated on every printed page."""
    ws.set_paper(A4)
    if sheet.landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2, header_end)
    ws.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.5)
    ws.center_horizontally()
    ws.set_footer("&C第 &P 页，共 &N 页")


def _legend(ws, sheet: Sheet, row: int, fmt: _Formats) -> None:
    if sheet.legend:
        ws.write_string(row, 0, "图例", fmt.plain)
        text = "　".join(f"{mark} {meaning}" for mark, meaning in sheet.legend)
        ws.write_string(row, 1, text, fmt.plain)
        row += 1
    for note in sheet.notes:
        ws.write_string(row, 1, note, fmt.plain)
        row += 1


def xlsx_response(sheets, filename: str):
    """Write ``sheets`` to a temporary file (constant memory) and send it with its Chinese name."""
    out = tempfile.TemporaryFile()  # closed by the response once sent
    write_workbook(out, sheets)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=filename, max_age=0)
