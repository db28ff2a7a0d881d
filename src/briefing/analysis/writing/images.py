"""Figures of a chapter: drawn (once per state of their inputs), saved under figures/ and embedded as a :class:`Block`.

The drawing itself is :mod:`briefing.analysis.figures`'s job; this module keeps its images and shows them.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from briefing import paths, store
from briefing.analysis.writing.blocks import Block
from briefing.analysis.writing.inline import Inline, as_inline, esc

if TYPE_CHECKING:
    from briefing.analysis.figures import style

#: Above this size the briefing embeds the PNG instead of the SVG: detailed maps as vectors make
#: the HTML heavy and the PDF slow, and a 200 dpi raster prints as sharp at A4 width.
SVG_EMBED_LIMIT = 300_000


def figure(
    name: str,
    caption: Inline | str,
    draw: Callable[..., Any],
    *args: Any,
    alt: str = "",
    credit: str = "",
    **options: Any,
) -> Block:
    """``draw(*args, **options)``, saved as ``name``.svg and .png under figures/ and shown as an HTML <figure>.

    ``draw`` returns a matplotlib figure or a :class:`style.Drawn` (which brings its own alt text and credit).
    """
    saved = drawn(name, draw, *args, **options)
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
    return Block(
        f'<figure id="fig-{esc(name)}"><div class="figure-frame" role="region" tabindex="0" '
        f'aria-label="{esc(alt[:80])}"><img src="data:{mime};base64,{data}" alt="{esc(alt)}"></div>'
        f'<figcaption>{as_inline(caption).html}<span class="credit">{esc(credit)}</span></figcaption></figure>',
        f"Figure {name}: {alt}",
    )


def drawn(name: str, draw: Callable[..., Any], *args: Any, **options: Any) -> style.Saved:
    """The images of ``draw(*args, **options)``. A function of the package draws once per state of what it
    reads and of its arguments (the shared store keeps the images); one defined in a chapter draws every time
    (its code is part of no key)."""

    def images() -> style.Saved:
        return _saved(draw(*args, **options))

    if not getattr(draw, "__module__", "").startswith("briefing."):
        return images()
    key = store.digest(draw.__module__, draw.__qualname__, args, sorted(options.items()))
    return store.result(f"figure-{name}", images, key=key)


def _saved(drawing: Any) -> style.Saved:
    """A drawn figure as the bytes of its SVG and PNG (the figure is closed)."""
    import matplotlib.pyplot as plt

    from briefing.analysis.figures import style

    fig, alt, credit = (
        (drawing.fig, drawing.alt, drawing.credit) if isinstance(drawing, style.Drawn) else (drawing, "", "")
    )
    try:
        return style.Saved(*style.images(fig), alt, credit)
    finally:
        plt.close(fig)
