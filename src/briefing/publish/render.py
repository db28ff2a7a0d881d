"""Rendering: the project's nbconvert exporter, assembly of chapters, and the PDF.

The exporter is registered as the nbconvert entry point ``briefing`` so that
``jupyter nbconvert --to briefing chapter.ipynb`` renders any chapter on its own.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import default

from briefing import citations, theme
from briefing.publish import myst, notes

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSS = TEMPLATES / "briefing" / "briefing.css"
SCREEN_CSS = TEMPLATES / "briefing" / "screen.css"
PAGED_CSS = TEMPLATES / "briefing" / "paged.css"


def stylesheet(screen: bool = False, paged: bool = False) -> str:
    """The print-safe stylesheet, with ``screen`` the rules only browsers read, with ``paged`` those only
    WeasyPrint reads; its colour and font slots filled from the theme."""
    return theme.css((PAGED_CSS if paged else SCREEN_CSS if screen else CSS).read_text(encoding="utf-8"))


class BriefingExporter(HTMLExporter):
    """HTML without code, prompts, scripts or network resources; images embedded."""

    export_from_notebook = "Briefing HTML"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "briefing"

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self) -> bool:
        return True

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.register_filter("myst_html", markdown_cell)
        self.register_preprocessor(
            TagRemovePreprocessor(
                remove_cell_tags={citations.REMOVE_CELL_TAG}, remove_all_outputs_tags={citations.REMOVE_OUTPUT_TAG}
            ),
            enabled=True,
        )

    def from_notebook_node(self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any):
        """The template's HTML as rendered (TemplateExporter's export). HTMLExporter would then parse it
        with BeautifulSoup and write it again, to give images without alt text a placeholder and
        JupyterLab's cell wrappers a tab stop: this template writes alt text on every image and has no
        such wrappers, and that round trip was most of an export's time (and would rewrite verbatim blocks)."""
        resources = dict(resources or {})
        resources.setdefault("briefing_css", stylesheet())
        resources.setdefault("briefing_screen_css", stylesheet(screen=True))
        self.register_filter("highlight_code", Highlight2HTML(parent=self))
        self.register_filter("filter_data_type", data_type_filter(nb, resources, self))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def data_type_filter(nb: nbformat.NotebookNode, resources: dict[str, Any], parent: Any) -> WidgetsDataTypeFilter:
    """The output-format chooser HTMLExporter sets up per notebook: it looks the widget state up in the
    notebook's metadata under the notebook's path (the template shows no widget, but the choice of
    format depends on that state)."""
    metadata = resources.get("metadata", {})
    path = os.path.join(metadata.get("path", ""), metadata.get("name", ""))
    return WidgetsDataTypeFilter(notebook_metadata={path: nb.metadata}, resources=resources, parent=parent)


def markdown_cell(cell: nbformat.NotebookNode) -> str:
    """A Markdown cell as HTML, its inline expressions replaced by their stored results."""
    return myst.to_html(cell.source, cell.metadata.get(myst.METADATA_KEY, []))


@dataclass
class Chapter:
    """One rendered chapter ready for assembly."""

    id: str
    title: str
    soup: BeautifulSoup
    sections: list[dict[str, str]] = field(default_factory=list)
    verbatim: list[str] = field(default_factory=list)  # blocks set aside unparsed, by placeholder number
    _html: str | None = field(default=None, repr=False)

    @property
    def html(self) -> str:
        """The chapter as HTML, serialised once (after its notes are numbered) for every assembly,
        its verbatim blocks put back."""
        if self._html is None:
            text = str(self.soup)
            for number, block in enumerate(self.verbatim):
                text = text.replace(placeholder(number), block, 1)
            self._html = text
        return self._html


def placeholder(number: int) -> str:
    return f"<!--briefing:verbatim {number}-->"


#: What a verbatim block may not hold: headings and citation marks are the build's to number.
PARSED_ONLY = re.compile(r"<h[12][\s>]|" + citations.MARK_START, re.I)


def set_aside(html: str, name: str) -> tuple[str, list[str]]:
    """The HTML with its verbatim blocks (see ``prose.verbatim``) replaced by placeholders, and the blocks."""
    start, end = citations.VERBATIM
    blocks: list[str] = []
    while (i := html.find(start)) != -1:
        j = html.find(end, i)
        if j == -1:
            raise ValueError(f"{name}: a verbatim block is not closed")
        block = html[i + len(start) : j]
        if PARSED_ONLY.search(block):
            raise ValueError(f"{name}: a verbatim block holds a heading or a citation mark")
        html = html[:i] + placeholder(len(blocks)) + html[j + len(end) :]
        blocks.append(block)
    return html, blocks


def chapter_fragment(nb: nbformat.NotebookNode, path: Path) -> Chapter:
    """Render an executed notebook into a <section>, with unique heading ids and its outline."""
    return outlined(chapter_html(nb, path), path)


@cache
def exporter() -> BriefingExporter:
    """One exporter per process: each new one would compile the templates again."""
    return BriefingExporter()


_EXPORTING = threading.Lock()  # the exporter registers per-notebook filters on itself


def chapter_html(nb: nbformat.NotebookNode, path: Path) -> str:
    """The exporter's HTML of an executed chapter (a <section>, before headings get their anchors)."""
    with _EXPORTING:
        html, _ = exporter().from_notebook_node(
            nb,
            {
                "briefing_fragment": True,
                "chapter_id": citations.html_id(path.stem),
                "metadata": {"name": path.stem, "path": str(path.parent)},
            },
        )
    return html


def templates_print() -> str:
    """A digest of the templates and stylesheets: exported chapters kept in the cache depend on them."""
    import hashlib

    h = hashlib.sha256()
    for item in sorted(TEMPLATES.rglob("*")):
        if item.is_file():
            h.update(item.relative_to(TEMPLATES).as_posix().encode() + b"\0" + item.read_bytes())
    return h.hexdigest()


def outlined(html: str, path: Path) -> Chapter:
    """A chapter's exported HTML with unique heading ids, and its outline."""
    chapter_id = citations.html_id(path.stem)
    html, kept = set_aside(html, path.name)
    soup = BeautifulSoup(html, "html.parser")
    title, sections, used = path.stem, [], set()
    for heading in soup.find_all(["h1", "h2"]):
        text = heading.get_text(" ", strip=True)
        if heading.name == "h1" and title == path.stem:
            title = text
            heading["id"] = f"{chapter_id}-title"
            continue
        anchor = f"{chapter_id}--{citations.html_id(text)}"
        while anchor in used:
            anchor += "-x"
        used.add(anchor)
        heading["id"] = anchor
        if heading.name == "h2":
            sections.append({"id": anchor, "title": text})
    return Chapter(chapter_id, title, soup, sections, kept)


def number_notes(chapters: list[Chapter], pool_computed: bool = False) -> None:
    """Turn the chapters' citation marks into numbered endnotes, in place (see :mod:`briefing.publish.notes`);
    with ``pool_computed`` (the print brief) the computed figures of a chapter share one note."""
    from briefing.analysis.writing.marks import note_text

    texts = notes.register_texts(notes.cited([c.soup for c in chapters]), note_text)
    for chapter in chapters:
        notes.number(chapter.soup, chapter.id, texts, pool_computed)


def assemble(chapters: list[Chapter], meta: dict[str, str], brief: set[str], part: str = "full") -> str:
    """One HTML document: title block, the brief, the annex's contents and chapters, the stylesheet inline.

    ``brief`` names the chapters (ids) of the brief; ``part`` is "full", "brief" (the print brief) or
    "annex". Number the notes first (:func:`number_notes`).
    """
    page = page_template()
    markup = jinja2.utils.markupsafe.Markup
    entries = [{"id": c.id, "title": c.title, "html": markup(c.html)} for c in chapters]
    opening = next((e for e in entries if e["id"] in brief), None)
    if opening is not None:  # the contents go inside the brief's first chapter, after its bottom line
        opening |= lead_and_rest(opening["html"])
    return page.render(
        meta=meta,
        part=part,
        css=markup(stylesheet()),
        screen_css=markup(stylesheet(screen=True)),
        brief=[e for e in entries if e["id"] in brief],
        annex=[e for e in entries if e["id"] not in brief],
        sections=[s for c in chapters if c.id in brief for s in c.sections] if part != "annex" else [],
    )


def lead_and_rest(html: str) -> dict[str, Any]:
    """A chapter's HTML cut before its first section heading: the contents of the briefing go between
    the brief's bottom line (its lead) and its first section."""
    markup = jinja2.utils.markupsafe.Markup
    cut = html.find("<h2")
    cut = len(html) if cut < 0 else cut
    return {"lead": markup(html[:cut]), "rest": markup(html[cut:])}


@cache
def page_template() -> jinja2.Template:
    """The page template, compiled once per process."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "briefing"), autoescape=True, keep_trailing_newline=True
    )
    return env.get_template("page.html.j2")


def print_edition(html: str) -> str:
    """The document the PDF is made from: the HTML without its screen-only blocks.

    Links whose target went with those blocks become plain text, so the PDF has no dead links.
    """
    soup = BeautifulSoup(html, "html.parser")
    for block in soup.select(f".{citations.SCREEN_ONLY}"):
        block.decompose()
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for link in soup.select('a[href^="#"]'):
        if link["href"][1:] not in ids:
            del link["href"]
            link.name = "span"
    return str(soup)


class _Counter(logging.Handler):
    """Counts WeasyPrint's warnings instead of printing hundreds of lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def fixed_font_timestamps() -> Iterator[None]:
    """fontTools stamps each embedded font subset with the time of writing unless SOURCE_DATE_EPOCH is set;
    fix it (to 0 when unset) so that the same document gives the same PDF bytes on any machine, any day."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = saved or "0"
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@contextmanager
def stable_tag_ids() -> Iterator[None]:
    """WeasyPrint 69 names the table-header elements of a tagged PDF by ``id(box)``, a memory address, so
    two builds of the same document differ; number them in the order the tagger asks instead."""
    from weasyprint.pdf import tags

    numbers: dict[int, int] = {}

    def sequence(obj: object) -> int:
        return numbers.setdefault(id(obj), len(numbers) + 1)

    tags.id = sequence  # the module's calls to id() find this name before the builtin
    try:
        yield
    finally:
        del tags.id


def write_pdf(html: str, target: Path, base_url: Path) -> list[str]:
    """Render the HTML to an A4 PDF with WeasyPrint; returns the warnings it raised."""
    import weasyprint

    counter = _Counter()
    loggers = [logging.getLogger(name) for name in ("weasyprint", "fontTools")]
    saved = [(lg.handlers[:], lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.handlers, lg.propagate = [counter], False
    try:
        document = weasyprint.HTML(string=html, base_url=str(base_url), media_type="print")
        with fixed_font_timestamps(), stable_tag_ids():
            document.write_pdf(
                target,
                stylesheets=[weasyprint.CSS(string=stylesheet(paged=True))],
                uncompressed_pdf=False,
                pdf_variant="pdf/ua-1",  # tagged: headings, reading order, language, alt text of figures
            )
    finally:
        for lg, (handlers, propagate) in zip(loggers, saved):
            lg.handlers, lg.propagate = handlers, propagate
    return counter.messages
