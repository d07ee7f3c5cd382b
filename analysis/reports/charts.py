"""Altair charts for the reports: one theme, readable titles, axis units and source notes.

Every function takes tidy frames (outputs of the measures) and returns an ``alt.Chart``; none reads files or
computes measures. They live in ``chart_style`` (the theme, palette, titles, source lines and shared
interactions), ``voting_charts``, ``trade_charts`` and ``event_charts``; this module gathers them, so
``charts.<name>`` names every one. The renderers and the print files (PNG, SVG with vl-convert, so reports work
without a browser) are in ``analysis.reports.chart_output``.
"""

from __future__ import annotations

from analysis.reports.chart_style import (  # noqa: F401 - gathered here
    MEASURE_LABELS,
    PALETTE,
    THEME,
    ZOOM_EVENTS,
    chart_title,
    events_source,
    legend_pick,
    reported_source,
    trade_source,
    use_theme,
    votes_source,
    zoom_x,
)
from analysis.reports.event_charts import (  # noqa: F401 - gathered here
    QUAD_COLORS,
    QUAD_ORDER,
    events_and_votes_timeline,
    gdelt_months,
    goldstein_trend,
    net_cooperation,
    quad_counts,
)
from analysis.reports.trade_charts import (  # noqa: F401 - gathered here
    FETCH_HINT,
    TRADE_COLORS,
    agreement_vs_trade,
    reported_points,
    trade_balance,
    trade_flows,
    trade_shares,
)
from analysis.reports.voting_charts import (  # noqa: F401 - gathered here
    IDEAL_AXIS,
    IDEAL_SOURCE,
    SE_LABELS,
    agreement_and_votes,
    agreement_by_issue,
    alignment_over_time,
    dyad_measures,
    ideal_point_trajectories,
    ideal_points_session,
    membership_years,
    most_least_aligned,
)
