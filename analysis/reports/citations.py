"""What the data rest on, for people and reference managers: ``python -m analysis sources`` and
each report's ``CITATION.bib``.

Everything here reads the registry (``analysis.core.registry``): titles, versions, licences,
citations and BibTeX fields as declared once, and coverage computed from the processed tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from analysis.core import registry
from analysis.core.errors import UserError

FORMATS = ("table", "json", "bibtex")


def datasets_of_report(report_dir: Path, raw_dir: Path | None = None) -> list[registry.Dataset]:
    """The datasets a report rests on: those owning a file its ``parameters.json`` lists (with sha256).

    Raises ``UserError`` naming the file if the folder has no readable ``parameters.json``.
    """
    params = Path(report_dir) / "parameters.json"
    try:
        files = json.loads(params.read_text(encoding="utf-8"))["raw_data_sha256"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"{params}: not a report's parameters file ({exc.__class__.__name__}); give a report folder "
                        f"such as reports/PAK-IRN") from None
    owners = {f.path: ds for ds in registry.load(raw_dir).values() for f in ds.files}
    ids = sorted({owners[path].id for path in files if path in owners})
    return [registry.get(i, raw_dir) for i in ids]


def entries(datasets: Iterable[registry.Dataset], processed: Path | None = None) -> list[dict]:
    """One dict per dataset: id, title, publisher, url, version, licence, terms, citation, files and
    coverage (``first``, ``last`` as ISO text, ``rows``; ``null`` when no processed table holds it)."""
    datasets = list(datasets)
    covered = registry.coverage_of({d.id: d.coverage for d in datasets if d.coverage}, processed)
    out = []
    for d in datasets:
        cov = covered.get(d.id)
        out.append({
            "id": d.id, "title": d.title, "publisher": d.publisher, "url": d.url, "version": d.version,
            "licence": d.licence, "terms": d.terms, "citation": d.citation, "files": len(d.files),
            "coverage": None if cov is None else {
                "table": d.coverage.table,
                "first": None if cov.first is None else str(cov.first),
                "last": None if cov.last is None else str(cov.last),
                "rows": cov.rows,
            },
        })
    return out


def render(datasets: Iterable[registry.Dataset], fmt: str, processed: Path | None = None) -> str:
    """The datasets as ``table`` (aligned text), ``json`` or ``bibtex``."""
    datasets = list(datasets)
    if fmt == "bibtex":
        return registry.bibtex(datasets)
    rows = entries(datasets, processed)
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for r in rows:
        cov = r["coverage"]
        span = ("not in a processed table" if cov is None else
                "no rows yet" if cov["rows"] == 0 else
                f"{cov['rows']:,} rows" if cov["first"] is None else
                f"{cov['first']} to {cov['last']}, {cov['rows']:,} rows of {cov['table']}")
        lines += [f"{r['id']}: {r['title']}", f"    version:  {r['version']}", f"    coverage: {span}",
                  f"    licence:  {r['licence']}", f"    cite:     {r['citation']}", ""]
    return "\n".join(lines)


def write_citation_bib(folder: Path, datasets: Iterable[registry.Dataset]) -> Path:
    """Write ``folder/CITATION.bib`` (BibTeX of ``datasets``); return its path."""
    from analysis.core.atomic import write_text

    target = Path(folder) / "CITATION.bib"
    write_text(registry.bibtex(datasets), target)
    return target
