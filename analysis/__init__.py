"""analysis: how two countries relate at the UN, in events and in trade.

Layers (data flows one way): ``data/raw`` → ``analysis.sources`` (one adapter per
publisher) → ``analysis.build`` (validate, write Parquet atomically) →
``data/processed/*.parquet`` → measures (``analysis.alignment``, ...) →
``analysis.charts`` → notebooks run by ``analysis.reports``.
"""

__version__ = "0.1.0"
