"""How much the resolution-dependent computed figures move between boundary resolutions (1:110m to 1:10m).

Reported beside the figures because simplified boundary lines cut corners: distances to a border grow
and border lengths shrink as the data coarsen. Border lengths are also set against reference lengths.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.geography import boundaries, gazetteer, scope

BORDER_REFERENCE = "land_boundary_{actor}"
"""Attribute of the reference facts that give the length of the host's border with a neighbour (actor id)."""


def sensitivity() -> pd.DataFrame:
    """Every resolution-dependent computed figure at each resolution of the settings, with its spread.

    One row for the distance to the nearest boundary point of the country of interest, then one per
    border of the host country. Columns: key ('nearest' or an ISO code), figure (words), neighbour,
    ids (resolution -> computed-result id), one column per resolution (km, NaN where absent), spread
    (largest minus smallest), relative (spread over the primary value), and for borders the reference
    length of a reference fact with attribute :data:`BORDER_REFERENCE` (reference, reference_id) and
    the ratio of the finest value to it.
    """
    g = scope.geography()
    calc = computed.load().set_index("id")["value"]
    frame = pd.DataFrame(_figures(g))
    for r in g.resolutions:
        frame[r] = [calc.get(ids[r], float("nan")) for ids in frame["ids"]]
    values = frame[list(g.resolutions)]
    frame["spread"] = values.max(axis=1) - values.min(axis=1)
    frame["relative"] = frame["spread"] / frame[g.primary]
    return _with_references(frame, g)


def _figures(g: scope.Geography) -> list[dict[str, Any]]:
    """The figures that depend on the resolution: the nearest boundary point, then each border of the host."""
    label = boundaries.names(boundaries.countries(g.primary))
    host, interest = label.get(g.host, g.host), label.get(g.interest, g.interest)
    origin = gazetteer.short_name(facts.load("places"), g.origin)
    rows = [
        {
            "key": "nearest",
            "figure": f"distance from {origin} to {interest}'s nearest boundary point",
            "neighbour": "",
            "ids": {r: computed.result_id("nearest-border", r) for r in g.resolutions},
        }
    ]
    codes = list(dict.fromkeys(r.parts[0] for r in computed.of_kind("border")))
    return rows + [
        {
            "key": c,
            "figure": f"{host}–{label.get(c, c)} border",
            "neighbour": label.get(c, c),
            "ids": {r: computed.result_id("border", c, r) for r in g.resolutions},
        }
        for c in codes
    ]


def _with_references(frame: pd.DataFrame, g: scope.Geography) -> pd.DataFrame:
    """Each border's reference length (:data:`BORDER_REFERENCE`) and the ratio of the finest value to it."""
    actors = facts.load("actors")
    actor_of = {c: a for a, c in zip(actors["id"], actors["iso_n3"], strict=True) if not facts.missing(c)}
    ref = facts.load("reference_facts")
    ref = ref[(ref["subject"] == actor_of.get(g.host)) & (ref["unit"] == "km")].set_index("attribute")
    attribute = [BORDER_REFERENCE.format(actor=actor_of.get(k, "")) for k in frame["key"]]
    frame["reference"] = [float(ref.loc[a, "value"]) if a in ref.index else float("nan") for a in attribute]
    frame["reference_id"] = [str(ref.loc[a, "id"]) if a in ref.index else "" for a in attribute]
    frame["ratio"] = frame[g.resolutions[-1]] / frame["reference"]
    return frame


def sensitivity_table(frame: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    """:func:`sensitivity` as printed (km to one decimal, shares as percentages), and its numeric columns."""
    g = scope.geography()
    frame = sensitivity() if frame is None else frame
    fine, primary = scope.scale(g.resolutions[-1]), scope.scale(g.primary)

    def fmt(pattern: str):
        return lambda x: "" if pd.isna(x) else pattern.format(x)

    shown = pd.DataFrame(
        {
            "figure (km)": frame["figure"].str[:1].str.upper() + frame["figure"].str[1:],
            **{scope.scale(r): frame[r].map(fmt("{:,.1f}")) for r in g.resolutions},
            "spread": frame["spread"].map(fmt("{:,.1f}")),
            f"spread ÷ {primary}": frame["relative"].map(fmt("{:.0%}")),
            "reference": frame["reference"].map(fmt("{:,.0f}")),
            f"{fine} ÷ reference": frame["ratio"].map(fmt("{:.0%}")),
        }
    )
    return shown, list(shown.columns[1:])
