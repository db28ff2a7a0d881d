"""MyST Markdown of chapter cells: the inline expressions they hold, and their HTML.

Chapters write values as ``{eval}`expression```. The executor evaluates each cell's expressions in
the chapter's kernel and keeps the results under the cell's ``user_expressions`` metadata, in the
layout jupyterlab-myst uses, so that an executed chapter opens in JupyterLab with its values in
place; this module renders that cell to HTML. Chapters use CommonMark, tables and ``{eval}``: any
other MyST role or directive is refused, so that nothing reaches a reader raw.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.myst_role import myst_role_plugin

from briefing.messages import first_line

ROLE = "eval"
METADATA_KEY = "user_expressions"
#: Expression results are inline: a block element would break the paragraph around it.
BLOCK_TAGS = re.compile(r"<\s*(p|div|table|ul|ol|li|h[1-6]|blockquote|section|figure|pre)\b", re.I)


class MystError(ValueError):
    """A Markdown cell that cannot be rendered; the message is one line."""


def parser() -> MarkdownIt:
    """CommonMark with tables, the MyST role syntax, and typographic quotes and dashes in prose."""
    md = MarkdownIt("commonmark", {"typographer": True}).enable(["table", "replacements", "smartquotes"])
    return md.use(myst_role_plugin)


def _inline_tokens(tokens: list[Token]):
    for token in tokens:
        if token.children:
            yield from token.children


def expressions(source: str) -> list[str]:
    """The expressions of a cell's ``{eval}`` roles, in reading order; other roles are refused."""
    tokens = parser().parse(source)
    check_constructs(tokens)
    found = []
    for token in _inline_tokens(tokens):
        if token.type == "myst_role":
            name = token.meta.get("name")
            if name != ROLE:
                raise MystError(f"MyST role {{{name}}} is not supported (only {{{ROLE}}})")
            found.append(token.content)
    return found


def check_constructs(tokens: list[Token]) -> None:
    """Refuse MyST directives (```{note}```), which the briefing does not render."""
    for token in tokens:
        if token.type == "fence" and token.info.strip().startswith("{"):
            raise MystError(f"MyST directive {token.info.strip().split()[0]} is not supported")


def result_html(result: dict[str, Any]) -> str:
    """The inline HTML of one expression result: its text/html, else its escaped text/plain."""
    data = result.get("data", {})
    if "text/html" in data:
        return str(data["text/html"])
    return html.escape(str(data.get("text/plain", "")), quote=False)


def inline_problem(result: dict[str, Any]) -> str:
    """Why an expression result cannot stand in a sentence, or '' when it can."""
    if result.get("status") != "ok":
        return f"{result.get('ename', 'Error')}: {first_line(result.get('evalue', ''))}"
    markup = result_html(result)
    if BLOCK_TAGS.search(markup):
        return "the result is a block of HTML, not inline text"
    if re.search(r" at 0x[0-9a-f]+>", str(result.get("data", {}).get("text/plain", ""))):
        return "the result prints an object address (give it a repr)"
    return ""


def to_html(source: str, results: list[dict[str, Any]]) -> str:
    """Render a Markdown cell, each ``{eval}`` replaced by its stored result."""
    by_expression = {item["expression"]: item["result"] for item in results}
    md = parser()

    def role(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        if token.meta.get("name") != ROLE:
            raise MystError(f"MyST role {{{token.meta.get('name')}}} is not supported (only {{{ROLE}}})")
        if token.content not in by_expression:
            raise MystError(f"expression `{token.content}` was not evaluated: execute the chapter")
        return result_html(by_expression[token.content])

    md.add_render_rule("myst_role", role)
    tokens = md.parse(source)
    check_constructs(tokens)
    return md.renderer.render(tokens, md.options, {})
