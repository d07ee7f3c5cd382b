"""The heading a notebook's first output shows: the pair by name, and what ``A`` and ``B`` stand for.

A notebook's Markdown cannot know which pair its parameters name, so its text says *A* and *B*
and the first code cell displays this heading, which says who they are.
"""

from __future__ import annotations


def pair_heading(names: dict[str, str], a: str, b: str, what: str) -> str:
    """Markdown: ``### <A's name> (<A>) and <B's name> (<B>)``, then ``what`` and which state is A and which B.

    >>> print(pair_heading({"PAK": "Pakistan", "IRN": "Iran"}, "PAK", "IRN", "Goods trade, 1948–2020"))
    ### Pakistan (PAK) and Iran (IRN)
    <BLANKLINE>
    Goods trade, 1948–2020. In the text below, **A** is Pakistan and **B** is Iran.
    """
    name_a, name_b = names.get(a, a), names.get(b, b)
    return (f"### {name_a} ({a}) and {name_b} ({b})\n\n"
            f"{what}. In the text below, **A** is {name_a} and **B** is {name_b}.")
