"""Prose generated from data: numbers with citations, paragraphs, tables and figures as HTML.

Every value that reaches the briefing's text goes through :func:`value`, which wraps it in a
``span.num`` and attaches a citation (``sup.cite``); a test scans the rendered briefing for numerals outside
those spans. Data strings are always escaped, so a quote holding markup renders as text.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from briefing import paths
from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.writing import typography

if TYPE_CHECKING:
    from briefing.analysis.figures import style

KINDS = ("claim", "reference", "computed", "judgment")


ANCHOR_PREFIX = {"claim": "fact-", "reference": "fact-", "register": "source-"}


def anchors() -> dict[str, str]:
    """Citable ids and the anchor of their row in the appendix: facts, reference facts, sources."""
    return _anchors(paths.data_dir(), paths.stamp(paths.data_dir()))


@lru_cache(maxsize=4)
def _anchors(data_dir: Path, stamp: tuple) -> dict[str, str]:
    return {
        row["id"]: ANCHOR_PREFIX[t.resource["kind"]] + row["id"]
        for t in facts.view(data_dir).tables.values()
        if t.resource.get("kind") in ANCHOR_PREFIX
        for row in t.rows
        if row.get("id")
    }


def esc(text: Any) -> str:
    return html.escape("" if facts.missing(text) else str(text), quote=True)


#: What a note mark shows before the briefing numbers it (in JupyterLab): its note shows on hover.
MARK = "\u2020"


def cite(*ids: str) -> str:
    """Citation marks linking to rows of the fact or source register; unknown ids fail loudly.

    Rows proved by the same excerpt share one mark, which names them all in ``data-rows``."""
    groups: dict[str, list[str]] = {}
    for fact_id in ids:
        if fact_id not in anchors():
            raise KeyError(f"cited fact {fact_id!r} is not in data/")
        groups.setdefault(note_text(fact_id), []).append(anchors()[fact_id])
    marks = [
        f'<sup class="cite"><a href="#{esc(rows[0])}" data-rows="{esc(" ".join(rows))}" title="{esc(text)}">'
        f"{MARK}</a></sup>"
        for text, rows in groups.items()
    ]
    return "<wbr>".join(marks)  # a run of citations may wrap between marks


def cite_calc(calc_id: str) -> str:
    """A citation of a computed result, linking to its row (id = the calc id) in the table of computed figures."""
    return f'<sup class="cite calc"><a href="#{esc(calc_id)}" title="{esc(note_text(calc_id))}">{MARK}</a></sup>'


def note_text(cited: str) -> str:
    """What a note says about a cited id: a claim's quote, a reference's citation, a computed result's
    quantity, value and method, a source's outlet and date. Read from the data, never from rendered HTML."""
    if computed.is_id(cited):
        r = computed.get(cited)
        return f"Computed: {r.quantity}, {r.text} ({r.method})."
    data = facts.view()
    table = data.index.get(cited)
    if table is None:
        raise KeyError(f"cited id {cited!r} is not in data/")
    row = next(r for r in data.read(table).rows if r.get("id") == cited)
    if data.tables[table].resource.get("kind") == "register":
        return ", ".join(v for v in (row.get("outlet"), row.get("dateline_place"), row.get("dateline_date")) if v) + "."
    proof = facts.evidence(row)
    text = typography.quoted(proof) if row.get("quote") else (proof or facts.statement(data, table, row))
    source = data.read("sources").rows if row.get("source_id") else []
    outlet = next((s.get("outlet") for s in source if s.get("id") == row.get("source_id")), "")
    return f"{text} ({outlet})" if outlet and outlet not in text else text


def number(x: float, digits: int = 0) -> str:
    """Thousands separators, fixed decimals, no spurious '.0'."""
    return f"{x:,.{digits}f}"


#: Cited values longer than this are phrases, not figures: they may wrap.
WORDS_LENGTH = 28


def value(text: Any, *ids: str, calc: str | None = None) -> str:
    """A figure from data or computation, wrapped and cited; a figure without a source is refused."""
    if not ids and not calc:
        raise ValueError(f"value {text!r} needs a fact id or a computed result to cite")
    note = cite(*ids) + (cite_calc(calc) if calc else "")
    # a figure stays on one line; a cited phrase or sentence wraps like the prose around it
    klass = "num words" if len(str(text)) > WORDS_LENGTH else "num"
    return f'<span class="{klass}">{esc(text)}</span>{note}'


def stated(claims: pd.DataFrame, digits: int = 0) -> str:
    """What the sources state for one quantity: a value, or a range naming each source when they differ.

    ``claims`` holds rows of one claim table about the same quantity (columns id, source_id, value, unit).
    """
    units_used = set(claims["unit"])
    if len(units_used) != 1:
        raise ValueError(f"claims about one quantity use several units: {sorted(units_used)}")
    unit = units_used.pop()
    low, high = float(claims["value"].min()), float(claims["value"].max())
    ids = list(claims["id"])
    if low == high:
        return value(f"{number(low, digits)} {unit}", *ids)
    outlets = facts.load("sources").set_index("id")["outlet"]
    named = "; ".join(
        f"{esc(outlets.get(r.source_id, r.source_id))}: {value(f'{number(float(r.value), digits)} {unit}', r.id)}"
        for r in claims.sort_values("value").itertuples()
    )
    return value(f"{number(low, digits)}–{number(high, digits)} {unit}", *ids) + f" (sources differ: {named})"


def badge(kind: str) -> str:
    """A label telling claim, reference, computed result and judgment apart."""
    if kind not in KINDS:
        raise ValueError(f"unknown statement kind {kind!r}")
    return f'<span class="badge badge-{kind}">{kind}</span>'


def paragraph(*parts: str, css: str = "") -> str:
    """Join already-escaped fragments into one paragraph."""
    klass = f' class="{esc(css)}"' if css else ""
    return f"<p{klass}>{' '.join(p for p in parts if p)}</p>"


def items(entries: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{e}</li>" for e in entries) + "</ul>"


def screen_only(*blocks: str) -> str:
    """Blocks the HTML edition shows and the print edition leaves out (see :func:`render.print_edition`)."""
    return f'<div class="screen-only">{"".join(blocks)}</div>'


#: The comments around a verbatim block (see :func:`verbatim`).
VERBATIM = ("<!--briefing:verbatim-->", "<!--/briefing:verbatim-->")


def verbatim(*blocks: str) -> str:
    """Blocks the build passes through without parsing them, e.g. a register of thousands of rows.

    They may hold no headings and no citation marks (the build would not see them; it refuses them)."""
    return f"{VERBATIM[0]}{''.join(blocks)}{VERBATIM[1]}"


def print_only(*blocks: str) -> str:
    """Blocks only the print edition shows, e.g. where to find what it leaves out."""
    return f'<div class="print-only">{"".join(blocks)}</div>'


def show(*blocks: str) -> None:
    """Display HTML blocks in the notebook (and so in the briefing)."""
    from IPython.display import HTML, display

    display(HTML("\n".join(blocks)))


#: Tables up to this many rows are kept on one page in print (with their caption).
SHORT_TABLE_ROWS = 15


def table(
    frame: pd.DataFrame,
    caption: str,
    *,
    numeric: Sequence[str] = (),
    html_columns: Sequence[str] = (),
    row_ids: str | None = None,
    id_prefix: str = "fact-",
) -> str:
    """An accessible HTML table with a caption; cells escaped unless listed in ``html_columns``.

    With ``row_ids``, each row gets the anchor ``id_prefix + value`` so that citations can link to it.
    """
    head = "".join(f'<th scope="col"{cls(c, numeric)}>{esc(c)}</th>' for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        anchor = f' id="{esc(id_prefix + str(row[row_ids]))}"' if row_ids else ""
        cells = "".join(f"<td{cls(c, numeric)}>{cell(row[c], c in html_columns)}</td>" for c in frame.columns)
        body.append(f"<tr{anchor}>{cells}</tr>")
    label = esc(html.unescape(re.sub(r"<[^>]+>", "", caption)))
    # the wrapper scrolls on narrow screens, so it must be reachable by keyboard
    short = " short" if len(frame) <= SHORT_TABLE_ROWS else ""
    return (
        f'<div class="table-wrap{short}" role="region" tabindex="0" aria-label="{label}"><table><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def cls(column: str, numeric: Sequence[str]) -> str:
    return ' class="num"' if column in numeric else ""


def cell(v: Any, raw: bool) -> str:
    if facts.missing(v):
        return ""
    if raw:
        return str(v)
    if isinstance(v, float):
        return esc(f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}")
    if isinstance(v, pd.Timestamp):
        return esc(v.date().isoformat())
    return esc(v)


#: Above this size the briefing embeds the PNG instead of the SVG: detailed maps as vectors make
#: the HTML heavy and the PDF slow, and a 200 dpi raster prints as sharp at A4 width.
SVG_EMBED_LIMIT = 300_000


def figure(
    name: str, caption: str, draw: Callable[..., Any], *args: Any, alt: str = "", credit: str = "", **options: Any
) -> str:
    """``draw(*args, **options)``, saved as SVG and PNG under figures/ and returned as an HTML <figure>.

    ``draw`` returns a matplotlib figure or a :class:`style.Drawn` (which brings its own alt text and
    credit). When it is a function of the package, the saved images are a shared result keyed by the
    function, its arguments and what it read, so a chapter re-run after an edit that does not touch a
    figure's inputs takes it from the store instead of drawing it again; a function defined in a
    chapter draws every time (its code is not part of any key).
    """
    from briefing import store as shared

    def drawn() -> style.Saved:
        return _saved(draw(*args, **options))

    if getattr(draw, "__module__", "").startswith("briefing."):
        key = shared.digest(draw.__module__, draw.__qualname__, args, sorted(options.items()))
        saved = shared.result(f"figure-{name}", drawn, key=key)
    else:
        saved = drawn()
    alt, credit = alt or saved.alt, credit or saved.credit
    if not alt.strip():
        raise ValueError(f"figure {name!r} needs alt text")
    folder = paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.svg").write_bytes(saved.svg)
    (folder / f"{name}.png").write_bytes(saved.png)
    embed, mime = (saved.svg, "image/svg+xml") if len(saved.svg) <= SVG_EMBED_LIMIT else (saved.png, "image/png")
    data = base64.b64encode(embed).decode("ascii")
    # the frame scrolls sideways on a phone, so a map keeps a readable size (see screen.css)
    return (
        f'<figure id="fig-{esc(name)}"><div class="figure-frame" role="region" tabindex="0" '
        f'aria-label="{esc(alt[:80])}"><img src="data:{mime};base64,{data}" alt="{esc(alt)}"></div>'
        f'<figcaption>{caption}<span class="credit">{esc(credit)}</span></figcaption></figure>'
    )


def _saved(drawn: Any) -> style.Saved:
    """A drawn figure as the bytes of its SVG and PNG (the figure is closed)."""
    import matplotlib.pyplot as plt

    from briefing.analysis.figures import style

    fig, alt, credit = (drawn.fig, drawn.alt, drawn.credit) if isinstance(drawn, style.Drawn) else (drawn, "", "")
    try:
        return style.Saved(*style.images(fig), alt, credit)
    finally:
        plt.close(fig)


def quoted(excerpt: str) -> str:
    """An excerpt, already escaped, in double quotation marks with its own marks made single."""
    return typography.quoted(excerpt)


def quote_block(text: str, who: str) -> str:
    """A verbatim quotation (escaped) and its attribution ``who`` (HTML, e.g. a name and a citation)."""
    return f"<blockquote><p>{esc(text)}</p><footer>{who}</footer></blockquote>"
