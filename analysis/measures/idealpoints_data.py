"""Ideal points, data preparation: the GA's cast votes as index arrays for the EM (``analysis.measures.idealpoints``).

Votes are ordered no < abstain < yes (``VOTE_CODE``); ``absent`` and ``not_member`` are not
votes. :func:`cast_votes` puts the cast votes into a canonical order (roll call, state), so the
estimates do not depend on the row order of the tables; :func:`prepare` indexes them, drops the
roll calls without variation and groups the bridged ones (:func:`bridge_keys`, Bailey, Strezhnev &
Voeten 2017).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl


@dataclass
class VoteData:
    """Cast votes as COO arrays (canonical order) plus index maps."""

    states: np.ndarray  # iso3 codes, index i
    sessions: np.ndarray  # session numbers, index t (sorted)
    item_rcid: np.ndarray  # rcid per kept item j
    item_t: np.ndarray  # session index per item
    item_binary: np.ndarray  # no abstention on the item
    vi: np.ndarray  # state index per vote
    vj: np.ndarray  # item index per vote
    y: np.ndarray  # 0 = no, 1 = abstain, 2 = yes
    n_dropped: dict[int, int] = field(default_factory=dict)  # session -> unanimous items dropped
    n_state_session: np.ndarray | None = None  # cast votes on kept items, (N, T)
    n_all_state_session: np.ndarray | None = None  # cast votes on all items, (N, T)
    item_group: np.ndarray | None = None  # parameter group per item (bridged items share one)

    def __post_init__(self) -> None:
        if self.item_group is None:
            self.item_group = np.arange(len(self.item_rcid))

    @property
    def vt(self) -> np.ndarray:
        return self.item_t[self.vj]

    @property
    def n_groups(self) -> int:
        return int(self.item_group.max()) + 1 if len(self.item_group) else 0

    @property
    def group_binary(self) -> np.ndarray:
        """True for a parameter group none of whose roll calls had an abstention."""
        if not len(self.item_group):
            return np.zeros(0, dtype=bool)
        return np.bincount(self.item_group, weights=~self.item_binary, minlength=self.n_groups) == 0


VOTE_CODE = {"no": 0, "abstain": 1, "yes": 2}


def index_of(codes: pl.Series, states: np.ndarray) -> np.ndarray:
    """Position of each code in the sorted array ``states`` (via a polars join, fast for strings)."""
    lut = pl.DataFrame({"iso3": states.astype(str), "_i": np.arange(len(states))})
    return pl.DataFrame({"iso3": codes}).join(lut, on="iso3", how="left", maintain_order="left")["_i"].to_numpy()


def bridge_keys(roll_calls: pl.DataFrame) -> pl.DataFrame:
    """Roll calls that bridge sessions: rcid -> ``bridge`` key (normalised title).

    A GA roll call on a whole text (not an amendment or a separate paragraph vote) whose
    title, lower-cased with runs of non-alphanumerics collapsed to one space, occurs exactly
    once in its session and in at least two sessions.  Roll calls with the same key are the
    yearly repeats of one resolution and share their item parameters, the bridging of
    Bailey, Strezhnev & Voeten (2017).  Columns: rcid, bridge.
    """
    rc = roll_calls.filter(pl.col("body").cast(pl.String) == "GA")
    if "title" not in rc.columns:
        return pl.DataFrame(schema={"rcid": pl.Int32, "bridge": pl.String})
    for flag in ("amend", "para"):
        if flag in rc.columns:
            rc = rc.filter(~pl.col(flag).fill_null(False))
    rc = rc.with_columns(
        pl.col("title").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars().alias("bridge")
    ).filter(pl.col("bridge").str.len_chars() > 0)
    rc = rc.filter(pl.len().over("bridge", "session") == 1)
    rc = rc.filter(pl.col("session").n_unique().over("bridge") >= 2)
    return rc.select("rcid", "bridge").sort("rcid")


def cast_votes(votes: pl.DataFrame, roll_calls: pl.DataFrame, *, bridge: bool = False) -> pl.DataFrame:
    """GA cast votes joined to their session: rcid, session, iso3, y (0/1/2), sorted canonically.

    With ``bridge``, a column ``bridge`` holds the roll call's bridge key (:func:`bridge_keys`) or null.
    """
    rc = roll_calls.filter(pl.col("body").cast(pl.String) == "GA").select("rcid", "session")
    if bridge:
        rc = rc.join(bridge_keys(roll_calls), on="rcid", how="left")
    v = votes
    if "body" in v.columns:
        v = v.filter(pl.col("body").cast(pl.String) == "GA")
    cols = ["rcid", "session", "iso3", "y"] + (["bridge"] if bridge else [])
    return (
        v.select("rcid", "iso3", pl.col("vote").cast(pl.String))
        .filter(pl.col("vote").is_in(list(VOTE_CODE)))
        .join(rc, on="rcid", how="inner")
        .with_columns(pl.col("vote").replace_strict(VOTE_CODE, return_dtype=pl.Int8).alias("y"))
        .select(cols)
        .unique(subset=["rcid", "iso3"], keep="first")
        .sort("rcid", "iso3")
    )


def prepare(cast: pl.DataFrame) -> VoteData:
    """Index the cast votes; drop items without variation (counted per session); group bridged items."""
    states = np.sort(cast["iso3"].unique().to_numpy()).astype(object)
    sessions = np.sort(cast["session"].unique().to_numpy())
    vi_all = index_of(cast["iso3"], states)
    rcid = cast["rcid"].to_numpy()
    rc_u, first, vj_all = np.unique(rcid, return_index=True, return_inverse=True)
    y_all = cast["y"].to_numpy().astype(np.int64)
    item_session = cast["session"].to_numpy()[first]
    counts = np.stack([np.bincount(vj_all, weights=(y_all == k), minlength=len(rc_u)) for k in range(3)], axis=1)
    keep_item = (counts > 0).sum(axis=1) >= 2
    item_t_all = np.searchsorted(sessions, item_session)
    N, T = len(states), len(sessions)
    n_all = np.bincount(vi_all * T + item_t_all[vj_all], minlength=N * T).reshape(N, T)
    dropped_s, dropped_n = np.unique(item_session[~keep_item], return_counts=True)
    new_index = np.cumsum(keep_item) - 1
    keep_vote = keep_item[vj_all]
    vj = new_index[vj_all[keep_vote]]
    vi = vi_all[keep_vote]
    item_t = item_t_all[keep_item]
    n_kept = np.bincount(vi * T + item_t[vj], minlength=N * T).reshape(N, T)
    n_items = int(keep_item.sum())
    group = np.arange(n_items)
    if "bridge" in cast.columns:
        key = cast["bridge"].to_numpy()[first][keep_item]
        has = np.array([k is not None for k in key.tolist()], dtype=bool)
        if has.any():
            # one group per key among the kept items; unbridged items keep a group of their own
            _, kidx = np.unique(key[has].astype(str), return_inverse=True)
            gid = np.empty(n_items, dtype=np.int64)
            gid[has] = kidx
            gid[~has] = kidx.max() + 1 + np.arange(int((~has).sum()))
            _, group = np.unique(gid, return_inverse=True)
    return VoteData(
        states=states, sessions=sessions, item_rcid=rc_u[keep_item], item_t=item_t,
        item_binary=(counts[keep_item, 1] == 0), vi=vi, vj=vj, y=y_all[keep_vote],
        n_dropped=dict(zip(dropped_s.tolist(), dropped_n.tolist(), strict=True)),
        n_state_session=n_kept, n_all_state_session=n_all, item_group=group,
    )
