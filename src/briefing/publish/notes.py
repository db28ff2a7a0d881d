"""Endnotes: the citation marks of each chapter become numbered notes at the chapter's end.

Chapters cite rows by anchor (``#fact-…``, ``#source-…``, or a computed result's own id, see
:mod:`briefing.analysis.computed`). Once all chapters are assembled, each mark is numbered within its
chapter and a note list gives what the cited row says: a claim's quote, a reference's citation, a
computed result's quantity and method. The texts come
from the data (:func:`briefing.analysis.writing.marks.note_text`), never from the rendered HTML. Facts
proved by one excerpt share one note, so an excerpt is printed once.
"""

from __future__ import annotations

from collections.abc import Callable

from bs4 import BeautifulSoup, NavigableString, Tag

from briefing import citations


def register_texts(anchors: set[str], text_of: Callable[[str], str]) -> dict[str, str]:
    """Anchor -> note text, for every cited anchor, read from the data by ``text_of(row id)``."""
    return {anchor: text_of(citations.bare_id(anchor)) for anchor in sorted(anchors)}


def cited(soups: list[BeautifulSoup]) -> set[str]:
    """Every anchor the chapters' marks point to."""
    return {row for soup in soups for a in links(soup) if a.has_attr("href") for row in rows_of(a)}


def marks(soup: BeautifulSoup) -> list:
    """The citation marks (``sup.cite``) in reading order (find_all: several times faster than CSS select)."""
    return soup.find_all(citations.MARK_TAG, class_=citations.MARK_CLASS)


def links(soup: BeautifulSoup) -> list:
    """The links inside the citation marks, in reading order."""
    return [a for sup in marks(soup) for a in sup.find_all("a")]


def rows_of(link) -> list[str]:
    """The register rows a mark stands for: its ``data-rows``, else its link target."""
    return citations.rows(link.get(citations.ROWS_ATTRIBUTE), link["href"])


def is_mark(node: object) -> bool:
    return isinstance(node, Tag) and node.name == citations.MARK_TAG and citations.MARK_CLASS in node.get("class", [])


def next_mark(sup: Tag) -> Tag | None:
    """The citation mark after ``sup`` with nothing but spaces or line-break hints between them, if any."""
    between = []
    nxt = sup.next_sibling
    while (isinstance(nxt, Tag) and nxt.name == citations.BREAK_TAG) or (
        isinstance(nxt, NavigableString) and not nxt.strip()
    ):
        between.append(nxt)
        nxt = nxt.next_sibling
    if not is_mark(nxt):
        return None
    for node in between:
        node.extract()
    return nxt


def attach(sup: Tag) -> None:
    """No space before a mark, so that a line never starts with one: 'built it [3]' becomes 'built it[3]'."""
    before = sup.previous_sibling
    if isinstance(before, NavigableString) and before != before.rstrip() and not before.rstrip().endswith(":"):
        before.replace_with(NavigableString(before.rstrip()))  # after a colon the marks are the content: keep the space


def merge_adjacent(soup: BeautifulSoup) -> None:
    """Marks that follow each other share one bracket, numbers in order and each once: [3, 4, 5]."""
    for sup in marks(soup):
        if sup.parent is None:
            continue
        attach(sup)
        while (nxt := next_mark(sup)) is not None:
            for link in nxt.find_all("a"):
                sup.append(link.extract())
            nxt.decompose()
        links = {int(a.get_text()): a for a in reversed(sup.find_all("a"))}  # the first link of a number wins
        sup.clear()
        for k, key in enumerate(sorted(links)):
            if k:
                sup.append(NavigableString(", "))
            sup.append(links[key])


def covered(sup: Tag) -> list[int]:
    """The note numbers a mark shows, those inside a printed range included: [2–4, 7] -> 2, 3, 4, 7."""
    numbers = [int(a.get_text()) for a in sup.find_all("a")]
    if len(numbers) == 2 and "–" in sup.get_text():
        return list(range(numbers[0], numbers[1] + 1))
    return numbers


def anchor_marks(soup: BeautifulSoup, chapter_id: str) -> dict[int, str]:
    """Give the mark holding each note's first citation an id, and return it by note number, for the
    note's link back to the text (a number shown only inside a range points to the range's mark)."""
    back: dict[int, str] = {}
    for sup in marks(soup):
        new = [n for n in covered(sup) if n not in back]
        if new:
            sup["id"] = sup.get("id") or f"{chapter_id}-mark-{new[0]}"
            back |= dict.fromkeys(new, sup["id"])
    return back


def compress(sup: Tag) -> None:
    """Runs of three or more consecutive note numbers print as a range: [2–11]."""
    links = sup.find_all("a")
    numbers = [int(a.get_text()) for a in links]
    if len(links) < 3 or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return
    for link in links[1:-1]:
        link.decompose()
    for child in list(sup.children):
        if isinstance(child, NavigableString):
            child.extract()
    links[0].insert_after(NavigableString("–"))


def _core(note: str) -> str:
    """A note's excerpt without its quotation marks and attribution, for finding excerpts inside others."""
    text = note.strip()
    if text.endswith(")") and " (" in text:
        text = text[: text.rindex(" (")]
    return text.strip("“”\"' .,")


def sharing(keys: list[str]) -> dict[str, str]:
    """Each note text -> the note it shares: the longest text of the chapter whose excerpt contains its own
    (two excerpts of one passage, one inside the other, make one note, the longer)."""
    distinct = sorted(set(keys), key=len, reverse=True)
    out = {}
    for key in distinct:
        core = _core(key)
        out[key] = next((k for k in distinct if len(core) > 12 and core in _core(k)), key)
    return out


#: The key of the one note the computed figures of a brief chapter share.
POOLED = "\x00computed"
#: How a note of computed figures starts (see briefing.analysis.writing.marks.note_text).
COMPUTED = "Computed: "


def pooled_note(texts: list[str]) -> str:
    """One note for several computed figures, in order of first mention, each as its quantity and value
    (their methods are in the annex's table of computed figures): 'Computed for this brief: a, 5 km; b, 40°.'"""
    items = [without_method(t.removeprefix(COMPUTED).rstrip(".")) for t in dict.fromkeys(texts)]
    return "Computed for this brief (methods in the annex): " + "; ".join(items) + "."


def without_method(text: str) -> str:
    """A computed figure's note without the closing parenthesis naming its method: 'a, 5 km (geodesic)' -> 'a, 5 km'."""
    if not text.endswith(")"):
        return text
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return text[:i].rstrip()
    return text


def number(soup: BeautifulSoup, chapter_id: str, texts: dict[str, str], pool_computed: bool = False) -> None:
    """Number the chapter's marks in reading order, one number per distinct note text, and append
    the note list; each note links to the register rows it stands for (on screen). With
    ``pool_computed`` every computed figure's mark points to one note listing them all (the print
    brief, where each would otherwise take a note of its own)."""
    numbers: dict[str, int] = {}  # note text (or the anchor, when it has none) -> number
    targets: dict[int, list[str]] = {}
    found, known = links(soup), set(texts.values())
    shared = sharing([texts.get(rows_of(link)[0]) or rows_of(link)[0] for link in found])
    computed: list[str] = []
    for link in found:
        rows = rows_of(link)
        target = rows[0]
        own = shared[texts.get(target) or target]
        key = POOLED if pool_computed and citations.CALC_CLASS in link.parent.get("class", []) else own
        if key == POOLED:
            computed.append(own)
        number_ = numbers.setdefault(key, len(numbers) + 1)
        targets.setdefault(number_, [])
        targets[number_] += [row for row in rows if row not in targets[number_]]
        del link[citations.ROWS_ATTRIBUTE]
        link["href"] = f"#{chapter_id}-note-{number_}"
        link["title"] = own if own in known else ""
        link.string = str(number_)
    if computed:
        numbers[pooled_note(computed)] = numbers.pop(POOLED)
        known.add(pooled_note(computed))
    merge_adjacent(soup)
    for sup in marks(soup):
        compress(sup)
    if not numbers:
        return
    back = anchor_marks(soup, chapter_id)
    aside = soup.new_tag("aside", attrs={"class": "notes", "aria-label": "Notes"})
    title = soup.new_tag("p", attrs={"class": "notes-title"})
    title.string = "Notes"
    aside.append(title)
    items = soup.new_tag("ol")
    key_of = {n: k for k, n in numbers.items()}
    for number_ in sorted(numbers.values()):
        item = soup.new_tag("li", attrs={"id": f"{chapter_id}-note-{number_}"})
        up = soup.new_tag("a", attrs={"class": "back", "href": f"#{back[number_]}"})
        up["aria-label"] = f"Back to the text of note {number_}"
        up.string = "^"
        item.append(up)
        item.append(NavigableString(" " + (key_of[number_] if key_of[number_] in known else "")))
        rows = soup.new_tag("span", attrs={"class": f"{citations.SCREEN_ONLY} note-rows"})
        for k, target in enumerate(targets[number_]):
            ref = soup.new_tag("a", attrs={"class": "ref", "href": f"#{target}"})
            ref.string = "row" if len(targets[number_]) == 1 else f"row {k + 1}"
            rows.append(NavigableString(" "))
            rows.append(ref)
        item.append(rows)
        items.append(item)
    aside.append(items)
    section = soup.find("section") or soup
    section.append(aside)
