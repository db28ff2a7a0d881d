"""Endnotes: the citation marks of each chapter become numbered notes at the chapter's end.

Chapters cite rows by anchor (``#fact-…``, ``#source-…``, ``#calc-…``). Once all chapters are
assembled, each mark is numbered within its chapter, adjacent marks merge into one bracket, and a
note list gives for each number the cited id (linked to its row) and what that row says. The note
text is read from the rows themselves, so it always matches the registers printed in the briefing.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from ..analysis.typography import quoted

#: The column of a register row that proves it: a claim's verbatim quote, a reference's citation.
EVIDENCE_COLUMNS = ("quote", "citation")


def row_texts(soups: list[BeautifulSoup]) -> dict[str, str]:
    """Anchor id -> what its table row proves: the quote or citation cell, else the row's other cells."""
    out: dict[str, str] = {}
    headers: dict[int, list[str]] = {}  # per table, read once: registers can hold thousands of rows
    for soup in soups:
        for row in soup.select("tr[id]"):
            anchor = row["id"]
            bare = bare_id(anchor)
            table = row.find_parent("table")
            if id(table) not in headers:
                headers[id(table)] = [th.get_text(strip=True).lower() for th in table.select("thead th")] if table else []
            header = headers[id(table)]
            cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
            proof = [cells[header.index(c)] for c in EVIDENCE_COLUMNS if c in header and header.index(c) < len(cells)]
            if proof and proof[0]:
                out[anchor] = quoted(proof[0]) if "quote" in header else proof[0]
            else:
                out[anchor] = " — ".join(c for c in cells if c and c not in (anchor, bare))
    return out


def bare_id(anchor: str) -> str:
    """The row id behind an anchor: 'fact-x' and 'source-x' name row x; calc ids are their own anchor."""
    return anchor.split("-", 1)[1] if anchor.startswith(("fact-", "source-")) else anchor


def is_mark(node: object) -> bool:
    return isinstance(node, Tag) and node.name == "sup" and "cite" in node.get("class", [])


def next_mark(sup: Tag) -> Tag | None:
    """The citation mark after ``sup`` with nothing but spaces or line-break hints between them, if any."""
    between = []
    nxt = sup.next_sibling
    while (isinstance(nxt, Tag) and nxt.name == "wbr") or (isinstance(nxt, NavigableString) and not nxt.strip()):
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
    for sup in soup.select("sup.cite"):
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


def number(soup: BeautifulSoup, chapter_id: str, texts: dict[str, str]) -> None:
    """Number the chapter's marks in reading order and append its note list."""
    order: dict[str, int] = {}
    for link in soup.select("sup.cite a"):
        target = link["href"].lstrip("#")
        number_ = order.setdefault(target, len(order) + 1)
        link["href"] = f"#{chapter_id}-note-{number_}"
        link["title"] = target
        link.string = str(number_)
    merge_adjacent(soup)
    for sup in soup.select("sup.cite"):
        compress(sup)
    if not order:
        return
    aside = soup.new_tag("aside", attrs={"class": "notes", "aria-label": "Notes"})
    title = soup.new_tag("p", attrs={"class": "notes-title"})
    title.string = "Notes"
    aside.append(title)
    items = soup.new_tag("ol")
    first: dict[str, int] = {}  # note text -> the first note that printed it
    for target, number_ in order.items():
        item = soup.new_tag("li", attrs={"id": f"{chapter_id}-note-{number_}"})
        ref = soup.new_tag("a", attrs={"class": "ref", "href": f"#{target}"})
        ref.string = bare_id(target)
        item.append(ref)
        text = texts.get(target, "")
        if text and text in first:  # several rows proved by one excerpt: print it once
            item.append(NavigableString(f": the same text as note {first[text]}."))
        elif text:
            first[text] = number_
            item.append(NavigableString(": " + text))
        items.append(item)
    aside.append(items)
    section = soup.find("section") or soup
    section.append(aside)
