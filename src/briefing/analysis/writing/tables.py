"""Tables of a chapter: a data frame as an accessible HTML table with its caption, as a :class:`Block`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from briefing.analysis.data import facts
from briefing.analysis.writing.blocks import Block
from briefing.analysis.writing.inline import Inline, as_inline, esc

#: Tables up to this many rows are kept on one page in print (with their caption).
SHORT_TABLE_ROWS = 15


def table(
    frame: pd.DataFrame,
    caption: Inline | str,
    *,
    numeric: Sequence[str] = (),
    html_columns: Sequence[str] = (),
    row_ids: str | None = None,
    id_prefix: str = "fact-",
) -> Block:
    """A table with a caption; cells are escaped, except :class:`Inline` values and strings of ``html_columns``
    (HTML made by the package). With ``row_ids``, each row gets the anchor ``id_prefix + value``, for notes to link to.
    """
    title = as_inline(caption)
    head = "".join(f'<th scope="col"{_numeric(c, numeric)}>{esc(c)}</th>' for c in frame.columns)
    body = "".join(_row(row, frame.columns, numeric, html_columns, row_ids, id_prefix) for _, row in frame.iterrows())
    # the wrapper scrolls on narrow screens, so it must be reachable by keyboard
    short = " short" if len(frame) <= SHORT_TABLE_ROWS else ""
    return Block(
        f'<div class="table-wrap{short}" role="region" tabindex="0" aria-label="{esc(title.text)}"><table>'
        f"<caption>{title.html}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>",
        f"Table ({len(frame)} rows): {title.text}",
    )


def _row(
    row: pd.Series,
    columns: Sequence[str],
    numeric: Sequence[str],
    html_columns: Sequence[str],
    row_ids: str | None,
    id_prefix: str,
) -> str:
    anchor = f' id="{esc(id_prefix + str(row[row_ids]))}"' if row_ids else ""
    cells = "".join(f"<td{_numeric(c, numeric)}>{cell(row[c], c in html_columns)}</td>" for c in columns)
    return f"<tr{anchor}>{cells}</tr>"


def _numeric(column: str, numeric: Sequence[str]) -> str:
    return ' class="num"' if column in numeric else ""


def cell(v: Any, raw: bool) -> str:
    """A cell's HTML: an :class:`Inline` as it is, a string of an HTML column as it is, anything else escaped."""
    if isinstance(v, Inline):
        return v.html
    if facts.missing(v):
        return ""
    if raw:
        return str(v)
    if isinstance(v, float):
        return esc(f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}")
    if isinstance(v, pd.Timestamp):
        return esc(v.date().isoformat())
    return esc(v)
