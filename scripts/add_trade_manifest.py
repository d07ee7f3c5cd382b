"""Record the IMF DOTS workbooks and the reported trade figures in data/raw/SOURCES.toml.

Run once after copying the files unchanged from ../shared/data/ (issue 13):
``python scripts/add_trade_manifest.py``. Each workbook's coverage names its reporter and
years as read by the adapter; entries for the same path are replaced, others left as they were.
"""

from __future__ import annotations

import sys

from analysis.core import manifest, paths
from analysis.core.atomic import write_text
from analysis.sources import imf_dots, reported_trade

DOTS_ORIGIN = ("SamLeBlanc/Direction-of-Trade-Map @ a0b40af : data/DOTS/{name} (IMF Direction of Trade Statistics, "
               "one workbook per reporter, downloaded from the IMF about February 2022)")
REPORTED_ORIGIN = ("compiled for this project from stored public web pages (the outlet and URL of every figure are "
                   "in the file)")
REPORTED_TERMS = ("facts with citations: cite the outlet of each figure and the statistics it quotes; secondary "
                  "sources, to be labelled so")


def main() -> int:
    raw = paths.raw_dir()
    entries: list[dict] = []
    seen: dict[str, tuple[str, object]] = {}  # reporter -> first workbook and its figures
    for path in sorted((raw / imf_dots.SOURCE_DIR).glob("DOTS_*.xlsx"), key=lambda p: int(p.stem.split("_")[1])):
        book = imf_dots.read_workbook(path)
        reporter, figures = book.reporter, book.figures
        years = figures["year"]
        estimates = int(figures["estimated"].sum())
        digest = manifest.sha256_of(path)
        first = seen.setdefault(reporter, (path.name, figures))
        same = (f"; the same reporter and figures as {first[0]} (the build reads them once)"
                if first[0] != path.name and figures.equals(first[1]) else "")
        entries.append({
            "path": f"{imf_dots.SOURCE_DIR}/{path.name}", "source": imf_dots.SOURCE_DIR,
            "origin": DOTS_ORIGIN.format(name=path.name), "terms": imf_dots.TERMS,
            "coverage": (f"Reporter: {reporter}; sheets 'Exports, FOB' and 'Imports, CIF' by partner (aggregates "
                         f"included), US$ millions, {years.min()}-{years.max()}; {figures.height:,} figures, "
                         f"{estimates:,} marked ' e' (IMF estimate){same}"),
            "citation": imf_dots.CITATION, "sha256": digest, "bytes": path.stat().st_size,
        })
    for path in sorted((raw / reported_trade.SOURCE_DIR).glob("*.csv")):
        table = reported_trade.read_file(path)
        entries.append({
            "path": f"{reported_trade.SOURCE_DIR}/{path.name}", "source": reported_trade.SOURCE_DIR,
            "origin": REPORTED_ORIGIN, "terms": REPORTED_TERMS,
            "coverage": (f"{table.height} Pakistan-Iran trade figures 2020-2025 as published in the press, quoting "
                         "Pakistan's Ministry of Commerce (Pakistani fiscal year, July-June), Iran's customs and "
                         "trade bodies (Iranian year from 21 March) or leaders' statements: period, period_type, "
                         "measure, value_usd_millions, reported_by_or_basis, outlet, url, published"),
            "citation": "the outlet named on each row (secondary sources)",
            "sha256": manifest.sha256_of(path), "bytes": path.stat().st_size,
        })
    target = raw / "SOURCES.toml"
    write_text(manifest.updated_manifest(target.read_text(encoding="utf-8"), entries), target)
    print(f"{target}: {len(entries)} entries written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
