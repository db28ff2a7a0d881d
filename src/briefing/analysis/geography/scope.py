"""What the analysis measures from and to, and with which boundary data: the ``[geography]`` settings.

Origin, reference city, countries, region, resolutions and layers are read from notebooks/briefing.toml,
never written in the package; a missing key fails once, here, naming the key and the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.analysis.data import settings

REQUIRED = (
    "origin",
    "reference_city",
    "host_country",
    "country_of_interest",
    "region",
    "resolutions",
    "primary_resolution",
    "window",
    "map_half_width_km",
)
"""Keys ``[geography]`` must hold."""


@dataclass(frozen=True)
class Geography:
    """The ``[geography]`` settings: what the analysis measures from and to."""

    origin: str
    reference_city: str
    host: str
    interest: str
    region: str
    resolutions: tuple[str, ...]
    primary: str
    window: tuple[float, float, float, float]
    half_km: float
    layers: tuple[tuple[str, str], ...]
    sources: tuple[tuple[str, str], ...] = ()
    short_names: tuple[tuple[str, str], ...] = ()
    """Place id -> the short name charts and column heads use (``[geography.short_names]``)."""

    @property
    def layer_map(self) -> dict[str, str]:
        """Geometry-reference prefix -> layer name under data/geo/."""
        return dict(self.layers)

    def source(self, key: str) -> str:
        """Source id of a boundary layer: by resolution ('50m') or by a geometry reference ('dcw:CN.XJ')."""
        return dict(self.sources)[key.split(":")[0]]


def geography() -> Geography:
    """The geography settings, checked; KeyError names the missing key and the file."""
    cfg = settings.section("geography")
    missing = [k for k in REQUIRED if k not in cfg]
    if missing:
        raise KeyError(f"notebooks/briefing.toml [geography] lacks {', '.join(missing)}")
    if cfg["primary_resolution"] not in cfg["resolutions"]:
        raise KeyError("notebooks/briefing.toml [geography] primary_resolution is not among resolutions")
    sources = dict(cfg.get("sources", {}))
    unsourced = [k for k in (*cfg["resolutions"], *dict(cfg.get("layers", {}))) if k not in sources]
    if unsourced:
        raise KeyError(f"notebooks/briefing.toml [geography.sources] lacks {', '.join(unsourced)}")
    return Geography(
        str(cfg["origin"]),
        str(cfg["reference_city"]),
        str(cfg["host_country"]),
        str(cfg["country_of_interest"]),
        str(cfg["region"]),
        tuple(cfg["resolutions"]),
        str(cfg["primary_resolution"]),
        tuple(float(x) for x in cfg["window"]),
        float(cfg["map_half_width_km"]),
        tuple(sorted(dict(cfg.get("layers", {})).items())),
        tuple(sorted((str(k), str(v)) for k, v in sources.items())),
        tuple(sorted((str(k), str(v)) for k, v in dict(cfg.get("short_names", {})).items())),
    )


def scale(resolution: str) -> str:
    """A boundary resolution as readers know it: '50m' -> '1:50m' (Natural Earth's scale names)."""
    return f"1:{resolution}"
