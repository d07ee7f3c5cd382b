"""Derive Voeten's six issue flags from a resolution's title, agenda and subjects.

Voeten's data code each GA roll call into six issues (Voeten, "Data and analyses of
voting in the UN General Assembly", 2013, codebook): ``me`` Palestinian conflict,
``nu`` nuclear weapons, ``di`` arms control and disarmament, ``hr`` human rights,
``co`` colonialism, ``ec`` economic development. Sources without those codes (DGACM
resolutions after 2019, HRC votes) get them from this rule: a flag is set when the
text (title + agenda item name + UNBIS subjects, case-insensitive) matches the flag's
regular expression below. ``tests/test_issue_rules.py`` measures how well the rule
reproduces unvotes' own codes on the session-74 resolutions present in both sources.
"""

from __future__ import annotations

import polars as pl

RULES: dict[str, str] = {
    "me": r"palestin|israel|occupied syrian golan|middle east|jerusalem|unrwa|gaza|occupied arab|east jerusalem"
          r"|arab territories|lebanon",
    "nu": r"nuclear|fissile|radioactive|non-proliferation",
    "di": r"disarmament|arms|weapon|missile|outer space|cluster munition|anti-personnel|mines|ammunition"
          r"|military|non-proliferation|international security",
    "hr": r"human rights|racism|racial|xenophobia|torture|death penalty|moratorium on the use|rights of the child"
          r"|women|indigenous|mercenaries|democratic and equitable international order|unilateral coercive"
          r"|human rights situation|situation of human rights|religion or belief|self-determination|right to"
          r"|genocide|intolerance|freedom",
    "co": r"colonial|non-self-governing|decoloni|puerto ric|western sahara|falkland|malvinas|gibraltar"
          r"|new caledonia|french polynesia|tokelau|guam|chagos|self-determination|trust territor",
    "ec": r"development|economic|trade|financ|debt|poverty|commodit|agricultur|embargo|sustainable|industrial"
          r"|investment|globalization|coercive",
}


def issue_flags(text: pl.Expr) -> list[pl.Expr]:
    """Return one Boolean expression per flag (named me, nu, di, hr, co, ec) over ``text``."""
    lowered = text.fill_null("").str.to_lowercase()
    return [lowered.str.contains(pattern).alias(flag) for flag, pattern in RULES.items()]
