"""The registry of datasets: each dataset the package reads is declared once, in
``data/raw/datasets/<id>.toml``.

A declaration holds the dataset's id, title, short name (for captions), publisher, URL,
version, where our copy came from (``origin``), licence and terms, a plain-text citation and
its BibTeX fields, the adapter module that reads it, which processed rows it fills
(``[coverage]``: table, date or year column, filter) and its files (``[[file]]``: path,
sha256, bytes; a fetched file also keeps the URL and time it was fetched from, in
``origin``). Everything else the package says about its data reads from here: the raw
files' verification (``analysis.core.manifest``), chart captions and notes, report footers
and ``CITATION.bib``, ``python -m analysis sources``, the claims check's hints and the
README's table of datasets (``scripts/write_datasets_table.py``).

One small file per dataset rather than one large file: a dataset is added, refreshed or
removed by touching one file, a fetcher rewrites only the file of the dataset it adds to, and
a reviewer reads a dataset's whole story on one screen (the 235 IMF workbooks are one
dataset with 235 ``[[file]]`` lines).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import tomlkit

from analysis.core import paths
from analysis.core.errors import UserError

REGISTRY_DIR = "datasets"
REQUIRED = ("id", "title", "short", "publisher", "url", "version", "origin", "licence", "terms", "description",
            "citation", "adapter")
BIBTEX_REQUIRED = ("type", "key", "title", "year")
FILE_FIELDS = ("path", "sha256", "bytes", "origin")


class RegistryError(UserError, RuntimeError):
    """A raw input is missing, altered or undeclared, or a dataset declaration is malformed
    (``analysis.core.manifest.RawDataError`` is this class)."""


@dataclass(frozen=True)
class DataFile:
    """One file of a dataset: its path under ``data/raw``, sha256 and size; ``origin`` for fetched files."""

    path: str
    sha256: str
    bytes: int
    origin: str | None = None


@dataclass(frozen=True)
class CoverageSpec:
    """Which processed rows a dataset fills: ``table``, its date or year column ``on`` (``None`` for a
    lookup table without dates), and ``where`` filters."""

    table: str
    on: str | None
    where: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Coverage:
    """What a dataset covers in the processed tables: first and last date (or year) and rows."""

    first: dt.date | int | None
    last: dt.date | int | None
    rows: int

    def years(self) -> str:
        """``"1946–2020"`` (years only), or ``""`` without dates."""
        if self.first is None:
            return ""
        first = self.first if isinstance(self.first, int) else self.first.year
        last = self.last if isinstance(self.last, int) else self.last.year
        return f"{first}" if first == last else f"{first}–{last}"


@dataclass(frozen=True)
class Dataset:
    """One declared dataset (see the module docstring for the fields)."""

    id: str
    title: str
    short: str
    publisher: str
    url: str
    version: str
    origin: str
    licence: str
    terms: str
    description: str
    citation: str
    adapter: str
    bibtex: tuple[tuple[str, str], ...]
    files: tuple[DataFile, ...]
    coverage: CoverageSpec | None
    fetch: str | None  # the command that adds files, for datasets fetched by the package ({body} filled in)
    bodies: tuple[str, ...]  # for fetched votes: the bodies whose votes it brings
    declared_in: Path

    def bibtex_fields(self) -> dict[str, str]:
        """The BibTeX fields as a dict (``type`` and ``key`` included)."""
        return dict(self.bibtex)


def registry_dir(raw_dir: Path | None = None) -> Path:
    """Return the folder of dataset declarations under ``raw_dir`` (default ``paths.raw_dir()``)."""
    return Path(raw_dir or paths.raw_dir()) / REGISTRY_DIR


def load(raw_dir: Path | None = None) -> dict[str, Dataset]:
    """Read every declaration under ``raw_dir/datasets``; return ``{id: Dataset}`` sorted by id.

    Raises ``RegistryError`` (one line naming the file and what is wrong) for a declaration
    that lacks a field or a licence, names an adapter module that does not exist, lists a file
    without sha256 or a file another dataset lists too. Parsed declarations are kept while the
    files' sizes and modification times stay the same.
    """
    folder = registry_dir(raw_dir)
    if not folder.is_dir():
        raise RegistryError(f"{folder}: the dataset registry is missing; restore it with "
                            f"`git checkout -- data/raw/{REGISTRY_DIR}`")
    stamp = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.toml")))
    return dict(_parsed(folder.resolve(), stamp))


@functools.lru_cache(maxsize=8)
def _parsed(folder: Path, stamp: tuple) -> tuple[tuple[str, Dataset], ...]:
    datasets = [_dataset(folder / name) for name, _, _ in stamp]
    owner: dict[str, str] = {}
    for ds in datasets:
        for f in ds.files:
            if f.path in owner:
                raise RegistryError(f"{ds.declared_in}: file {f.path} is also listed by dataset {owner[f.path]}")
            owner[f.path] = ds.id
    return tuple((ds.id, ds) for ds in sorted(datasets, key=lambda d: d.id))


def _dataset(path: Path) -> Dataset:
    """Parse and check one declaration (see :func:`load`)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML ({exc})") from None
    missing = [f for f in REQUIRED if not isinstance(raw.get(f), str) or not raw[f].strip()]
    if missing:
        what = "no licence" if missing == ["licence"] else f"lacks {', '.join(missing)}"
        raise RegistryError(f"{path}: dataset {raw.get('id', path.stem)!r} {what}")
    if raw["id"] != path.stem:
        raise RegistryError(f"{path}: id {raw['id']!r} must equal the file's name ({path.stem!r})")
    if not re.fullmatch(r"[A-Za-z_][\w.]*", raw["adapter"]) or importlib.util.find_spec(raw["adapter"]) is None:
        raise RegistryError(f"{path}: adapter {raw['adapter']!r} is not a module of this package")
    bib = raw.get("bibtex")
    if not isinstance(bib, dict) or [f for f in BIBTEX_REQUIRED if not bib.get(f)]:
        raise RegistryError(f"{path}: [bibtex] needs {', '.join(BIBTEX_REQUIRED)}")
    files = []
    for i, entry in enumerate(raw.get("file", []), start=1):
        if not isinstance(entry, dict) or not entry.get("path"):
            raise RegistryError(f"{path}: [[file]] {i} has no path")
        sha = entry.get("sha256")
        if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise RegistryError(f"{path}: file {entry['path']} has no sha256 (64 hex digits)")
        extra = set(entry) - set(FILE_FIELDS)
        if extra:
            raise RegistryError(f"{path}: file {entry['path']}: unknown field(s) {sorted(extra)}")
        files.append(DataFile(entry["path"], sha, int(entry.get("bytes", 0)), entry.get("origin")))
    cov = raw.get("coverage")
    spec = None
    if cov is not None:
        if not isinstance(cov, dict) or not cov.get("table"):
            raise RegistryError(f"{path}: [coverage] needs a table")
        where = tuple(sorted((k, str(v)) for k, v in cov.get("where", {}).items()))
        spec = CoverageSpec(cov["table"], cov.get("on"), where)
    return Dataset(
        **{f: raw[f].strip() for f in REQUIRED},
        bibtex=tuple((k, str(v)) for k, v in bib.items()),
        files=tuple(sorted(files, key=lambda f: f.path)),
        coverage=spec,
        fetch=raw.get("fetch"),
        bodies=tuple(raw.get("bodies", ())),
        declared_in=path,
    )


def get(dataset_id: str, raw_dir: Path | None = None) -> Dataset:
    """Return the declaration of ``dataset_id``; ``RegistryError`` naming the known ids if there is none."""
    datasets = load(raw_dir)
    if dataset_id not in datasets:
        raise RegistryError(f"no dataset {dataset_id!r} in {registry_dir(raw_dir)} (known: {', '.join(datasets)})")
    return datasets[dataset_id]


def named(table: str, value: str, column: str = "source", raw_dir: Path | None = None) -> str:
    """The short name of the dataset whose rows of ``table`` carry ``column`` = ``value`` (e.g.
    ``named("trade", "imf_dots")`` -> "IMF Direction of Trade Statistics"); ``value`` itself when
    no declaration says so."""
    for d in load(raw_dir).values():
        if d.coverage and d.coverage.table == table and (column, value) in d.coverage.where:
            return d.short
    return value


# --------------------------------------------------------------------------- coverage from the processed tables

def coverage_of(specs: Mapping[str, CoverageSpec], processed: Path | None = None,
                also: Mapping[str, str] | None = None) -> dict[str, Coverage]:
    """First and last date (or year) and rows of each dataset in ``specs`` ({id: spec}), from the
    processed tables in ``processed`` (default ``paths.processed_dir()``); ``also``: further
    filters (column: value) applied where the table has the column (e.g. ``{"body": "HRC"}``).
    A table that is not built gives ``Coverage(None, None, 0)``. Each table is scanned once
    (lazy, a few columns); results are kept while the table file stays the same."""
    folder = Path(processed or paths.processed_dir())
    out: dict[str, Coverage] = {}
    for ds_id, spec in specs.items():
        path = folder / f"{spec.table}.parquet"
        if not path.exists():
            out[ds_id] = Coverage(None, None, 0)
            continue
        stat = path.stat()
        out[ds_id] = _coverage_cached(path, stat.st_size, stat.st_mtime_ns, ds_id, spec,
                                      tuple(sorted((also or {}).items())))
    return out


@functools.lru_cache(maxsize=512)
def _coverage_cached(path: Path, size: int, mtime_ns: int, ds_id: str, spec: CoverageSpec,
                     also: tuple[tuple[str, str], ...]) -> Coverage:
    """:func:`coverage_of` for one dataset of the table at ``path`` as it is at (``size``, ``mtime_ns``)."""
    names = pl.read_parquet_schema(path)
    extra = tuple((c, v) for c, v in also if c in names)
    return _scan_coverage({ds_id: CoverageSpec(spec.table, spec.on, spec.where + extra)}, path.parent)[ds_id]


def _scan_coverage(specs: Mapping[str, CoverageSpec], folder: Path) -> dict[str, Coverage]:
    """Scan each table of ``specs`` once for the datasets' first and last date (or year) and rows."""
    out: dict[str, Coverage] = {}
    by_table: dict[str, list[tuple[str, CoverageSpec]]] = {}
    for ds_id, spec in specs.items():
        by_table.setdefault(spec.table, []).append((ds_id, spec))
    for table, items in by_table.items():
        path = folder / f"{table}.parquet"
        if not path.exists():
            out.update({ds_id: Coverage(None, None, 0) for ds_id, _ in items})
            continue
        scan = pl.scan_parquet(path)
        names = scan.collect_schema().names()
        aggs = []
        for i, (ds_id, spec) in enumerate(items):
            cond = pl.lit(True)
            for column, value in spec.where:
                if column not in names:
                    raise RegistryError(f"dataset {ds_id}: [coverage] filters on {column!r}, not a column of {table}")
                cond = cond & (pl.col(column).cast(pl.String) == value)
            if spec.on is not None and spec.on not in names:
                raise RegistryError(f"dataset {ds_id}: [coverage] on {spec.on!r}, not a column of {table}")
            on = pl.lit(None) if spec.on is None else pl.col(spec.on)
            if spec.on is not None and scan.collect_schema()[spec.on] == pl.String:  # dates written as text
                on = on.str.to_date(strict=False)
            aggs += [on.filter(cond).min().alias(f"lo{i}"), on.filter(cond).max().alias(f"hi{i}"),
                     (cond.sum() if spec.where else pl.len()).alias(f"n{i}")]
        row = scan.select(aggs).collect().row(0)
        for i, (ds_id, _) in enumerate(items):
            out[ds_id] = Coverage(row[3 * i], row[3 * i + 1], int(row[3 * i + 2] or 0))
    return out


def filling(tables: Iterable[str], processed: Path | None = None, also: Mapping[str, str] | None = None,
            raw_dir: Path | None = None) -> list[tuple[Dataset, Coverage]]:
    """The declared datasets that fill rows of ``tables`` (with the filters ``also``, e.g. one body),
    each with its coverage, in order of their first date; datasets with no such rows are left out.
    Which dataset fills which rows is read from the data, never typed by hand."""
    tables = set(tables)
    datasets = {d.id: d for d in load(raw_dir).values() if d.coverage and d.coverage.table in tables}
    covered = coverage_of({i: d.coverage for i, d in datasets.items()}, processed, also)
    found = [(datasets[i], c) for i, c in covered.items() if c.rows > 0]
    return sorted(found, key=lambda dc: (str(dc[1].first), dc[0].id))


def caption(tables: Iterable[str], processed: Path | None = None, also: Mapping[str, str] | None = None,
            prefix: str = "Source") -> str:
    """A chart caption: the datasets that fill ``tables`` (filters ``also``) with the years they cover
    in the processed tables, e.g. ``"Sources: Voeten et al. UNGA votes (unvotes), 1946–2020; UN DGACM
    General Assembly records, 2020–2026."``; an update that brings later rows changes it, no code does."""
    parts = [f"{d.short}, {c.years()}" if c.years() else d.short for d, c in filling(tables, processed, also)]
    if not parts:
        return f"{prefix}: no data in {', '.join(sorted(set(tables)))}."
    label = prefix + ("s" if len(parts) > 1 else "")
    return f"{label}: {'; '.join(parts)}."


# --------------------------------------------------------------------------- the README's table

TABLE_START = ("<!-- datasets table: generated by scripts/write_datasets_table.py from data/raw/datasets; "
               "do not edit -->")
TABLE_END = "<!-- end of datasets table -->"


def markdown_table(raw_dir: Path | None = None) -> str:
    """The README's table of datasets (Markdown), one row per declaration: id, title linked to its
    URL, publisher, version, licence and number of files. Generated, never typed: see
    ``scripts/write_datasets_table.py`` and the test that compares it with the README."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    rows = ["| id | dataset | publisher | version | licence | files |", "|---|---|---|---|---|---:|"]
    for d in load(raw_dir).values():
        files = str(len(d.files)) if d.files else f"none yet (`{d.fetch}`)" if d.fetch else "0"
        rows.append(f"| `{d.id}` | [{cell(d.title)}]({d.url}) | {cell(d.publisher)} | {cell(d.version)} | "
                    f"{cell(d.licence)} | {cell(files)} |")
    return "\n".join([TABLE_START, *rows, TABLE_END])


def with_table(readme: str, raw_dir: Path | None = None) -> str:
    """``readme`` with the text between the table's markers replaced by :func:`markdown_table`;
    raises ``RegistryError`` when the markers are missing."""
    start, end = readme.find(TABLE_START), readme.find(TABLE_END)
    if start < 0 or end < start:
        raise RegistryError(f"README: the markers {TABLE_START!r} and {TABLE_END!r} are missing")
    return readme[:start] + markdown_table(raw_dir) + readme[end + len(TABLE_END):]


# --------------------------------------------------------------------------- BibTeX

def _bib_escape(value: str) -> str:
    return value.replace("\\", "\\textbackslash{}").replace("&", "\\&").replace("%", "\\%").replace("#", "\\#")


def bibtex(datasets: Iterable[Dataset]) -> str:
    """BibTeX entries of ``datasets`` (one ``@type{key, ...}`` each, fields as declared, plus
    ``url`` and a ``note`` with the version and licence when the declaration does not give them)."""
    out = []
    for ds in datasets:
        fields = ds.bibtex_fields()
        kind, key = fields.pop("type"), fields.pop("key")
        fields.setdefault("url", ds.url)
        fields.setdefault("note", f"Version: {ds.version}. Licence: {ds.licence}.")
        body = ",\n".join(f"  {k} = {{{_bib_escape(v)}}}" for k, v in fields.items())
        out.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(out)


# --------------------------------------------------------------------------- adding files (the fetchers)

def with_files(entries: list[dict], raw_dir: Path | None = None) -> dict[Path, str]:
    """Return the new text of each declaration ``entries`` add files to: ``{path: text}``.

    Each entry is a dict with ``path``, ``source`` (the dataset id), ``sha256``, ``bytes`` and,
    for a fetched file, ``origin`` (URL and time); other keys (a fetcher's coverage note,
    terms, citation) are dropped: the dataset's own declaration says those once. A file already
    listed is replaced in place; new files are appended. Edited with ``tomlkit``, so comments
    and layout stay. Raises ``RegistryError`` for a dataset that is not declared.
    """
    folder = registry_dir(raw_dir)
    by_dataset: dict[str, list[dict]] = {}
    for entry in entries:
        by_dataset.setdefault(entry["source"], []).append(entry)
    texts = {}
    for ds_id, new in by_dataset.items():
        path = folder / f"{ds_id}.toml"
        if not path.exists():
            raise RegistryError(f"{path}: dataset {ds_id!r} is not declared; add its declaration (see "
                                f"{folder}/README.md) before recording files of it")
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
        if "file" not in doc:
            doc.append("file", tomlkit.aot())
        files = doc["file"]
        listed = {str(f["path"]): i for i, f in enumerate(files)}
        for entry in new:
            item = tomlkit.table()
            for key in FILE_FIELDS:
                if entry.get(key) is not None:
                    item[key] = entry[key]
            if entry["path"] in listed:
                files[listed[entry["path"]]] = item
            else:
                files.append(item)
                listed[entry["path"]] = len(files) - 1
        text = tomlkit.dumps(doc)
        parsed = {f["path"]: f for f in tomllib.loads(text).get("file", [])}
        for entry in new:
            if parsed.get(entry["path"], {}).get("sha256") != entry["sha256"]:  # pragma: no cover - tomlkit bug guard
                raise RegistryError(f"{path}: recording {entry['path']} did not round-trip")
        texts[path] = text
    return texts
