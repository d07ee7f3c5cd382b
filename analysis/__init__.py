"""analysis: how two countries relate at the UN, in events and in trade.

A folder is a layer; data flow one way and imports point down only (``tests/test_layers.py``
checks it with import-linter, contract in ``pyproject.toml``):

==========================  ===============================================================
``analysis.cli``,           the command line and the build, at the top: they may use
``analysis.build``          every layer below
``analysis.reports``        what each notebook shows, the charts, the report runner, batches
``analysis.claims``         the claims format (pydantic), the checks and their rendering
``analysis.measures``,      measures: pure functions over the processed tables; and
``analysis.fetch``          downloaders, which use the parsers (independent of each other)
``analysis.sources``        parsers: one adapter per publisher's format, to the schema
``analysis.core``,          errors, paths, atomic writes, the raw-data manifest, countries,
``analysis.schemas``        issue rules, output safety, loading tables; every table's schema
==========================  ===============================================================
"""

import sys


def version() -> str:
    """The installed package's version (its metadata, from ``pyproject.toml``'s ``version``); for a checkout that
    is not installed, the version its ``pyproject.toml`` declares."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("unalign")
    except PackageNotFoundError:
        import tomllib
        from pathlib import Path

        return tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"][
            "version"]


def __getattr__(name: str) -> str:  # ``analysis.__version__``, read when asked (no import cost for the CLI)
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# jsonschema (which altair and nbformat import) imports rfc3987_syntax when it is installed (jupyter-events
# installs it) for its "iri" and "iri-reference" format checkers; that module compiles a Lark grammar when it is
# imported: 1.5 s in every process that draws a chart (a report runs four kernels). No schema the package
# validates uses those two formats (the Vega-Lite schema has "uri", "uri-reference" and "color-hex"; "uri" is
# checked by rfc3986-validator), so the import is blocked here, before altair is imported, and jsonschema leaves
# those two checkers out. tests/test_environment.py checks both halves.
sys.modules.setdefault("rfc3987_syntax", None)
