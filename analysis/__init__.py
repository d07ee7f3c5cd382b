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

__version__ = "0.1.0"
