"""The data dictionary (``docs/data-dictionary.md``), generated from the table declarations.

``data_dictionary()`` returns the Markdown: one section per processed table with the table's
description, its file and key, the references it must keep, and for each column its dtype,
whether it may be null, its description and the rules it is checked by. Write the file with
``python scripts/write_data_dictionary.py`` (or ``python -m analysis.schemas.doc > docs/data-dictionary.md``);
``tests/test_schemas.py`` fails when the file is not current.
"""

from __future__ import annotations

import inspect

import polars as pl

from analysis.schemas.checks import REFERENCES
from analysis.schemas.tables import DECLARED, PROBLEMS, dtypes, key

HEADER = """\
# Data dictionary

<!-- Generated from analysis/schemas/tables.py by scripts/write_data_dictionary.py: do not edit. -->

The processed tables in `data/processed/` (Parquet, written by `python -m analysis build`), as
declared in [`analysis/schemas/tables.py`](../analysis/schemas/tables.py) (dataframely schemas).
Every table is checked against its declaration before it is written: exact columns and dtypes,
a unique key without nulls, the columns marked "no" never null, the rules listed per column, and
the references between tables. Float columns refuse NaN and infinity (dataframely's default).
"today" is the run's today (`UNALIGN_TODAY`, else the UTC date). The derived panels
`alignment_dyad_year` and `dyad_year` are described in the documentation (docs/reference/tables.md).
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _dtype(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Enum):
        return "Enum: " + ", ".join(dtype.categories.to_list())
    return str(dtype)


def _rule_names(column) -> list[str]:
    check = column.check
    if check is None:
        return []
    if isinstance(check, dict):
        return list(check)
    return [getattr(c, "__name__", "check") for c in (check if isinstance(check, list) else [check])]


def _refused(names: list[str]) -> str:
    texts = [PROBLEMS.get(n, n).replace(" ({today})", "") for n in names]
    return "refused: " + "; ".join(texts) if texts else ""


def _table(table: str) -> str:
    schema = DECLARED[table]
    columns = schema.columns()
    keys = key(table)
    lines = [f"## {table}", "", inspect.cleandoc(schema.__doc__ or "").replace("``", "`"), "",
             f"File `data/processed/{table}.parquet`. "
             + (f"Key: {', '.join(f'`{k}`' for k in keys)} (unique, never null)." if keys else "No key.")]
    rules = schema._schema_validation_rules()
    if rules:
        lines.append("Rows " + _refused(list(rules)) + ".")
    refs = [r for r in REFERENCES if r.table == table]
    for ref in refs:
        pairs = ", ".join(f"`{ref.target}.{c}`" for c in ref.target_columns)
        lines.append(f"Each {', '.join(f'`{c}`' for c in ref.columns)} (when not null) appears in {pairs}.")
    lines += ["", "| column | dtype | nullable | description | rules |", "|---|---|---|---|---|"]
    for name, dtype in dtypes(table).items():
        column = columns[name]
        nullable = "no (key)" if column.primary_key else "yes" if column.nullable else "no"
        lines.append(f"| `{name}` | {_cell(_dtype(dtype))} | {nullable} | {_cell(column.description or '')} | "
                     f"{_cell(_refused(_rule_names(column)))} |")
    return "\n".join(lines) + "\n"


def data_dictionary() -> str:
    """The Markdown data dictionary of every declared table, in the order of ``DECLARED``."""
    return "\n".join([HEADER, *(_table(t) for t in DECLARED)])


if __name__ == "__main__":
    print(data_dictionary(), end="")
