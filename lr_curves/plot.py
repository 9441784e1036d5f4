"""Plot schedules with matplotlib (the optional extra: ``pip install 'lr-curves[plot]'``).

``plot`` draws one or several schedules on one axes, with dotted vertical markers at their piece
boundaries, each labelled with its kind (warmup end, milestone, restart, phase, end), an optional
log scale and an epochs axis on top when ``steps_per_epoch`` is given or the schedule knows its
epochs. The default range is the schedule's nominal end and a fifth more. ``grid`` draws many
schedules in small panels. Importing this module is cheap: matplotlib is imported by the
functions that draw.

Curves are evaluated at integer steps with one NumPy call. Long ranges are decimated for
drawing: the steps are cut into about ``max_points / 4`` buckets and each keeps its first, last,
lowest and highest step, and every boundary keeps the steps on both sides of it, so extremes and
jumps stay exactly where they are (a 10**6-step curve draws from a few thousand points). Ranges
beyond 2 * 10**6 steps add each slice's turning points to an even grid, so a wave over 10**12
steps keeps its peaks and troughs.

Examples:
    >>> import lr_curves as lrc
    >>> from lr_curves.plot import plot
    >>> ax = plot(lrc.warmup(lrc.cosine(3e-4, 9_000, floor=3e-5), 1_000), steps_per_epoch=500)
    >>> ax.get_xlabel(), ax.get_ylabel().startswith("learning rate"), ax.get_title()
    ('step', True, '')
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from lr_curves._base import BOUNDARY_KINDS, Schedule
from lr_curves._notes import notes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["default_stop", "grid", "plot", "points"]

Schedules = Schedule | Sequence[Schedule] | Mapping[str, Schedule]

#: Boundary markers drawn per schedule at most (more would hide the curve).
MAX_MARKERS = 64

#: Longer ranges are sampled on an even grid of this many steps before decimation (bounded memory).
DENSE_LIMIT = 2 * 10**6

#: Line styles of the curves, in turn, so that curves lying on each other stay visible.
LINESTYLES = ("-", "--", "-.", (0, (6, 2, 1, 2, 1, 2)))


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ImportError(
            "lr_curves.plot needs matplotlib, which is not installed. Hint: pip install 'lr-curves[plot]'"
        ) from None
    return matplotlib


def _label(s: Schedule, width: int = 60) -> str:
    text = repr(s)
    return text if len(text) <= width else text[: width - 3] + "..."


def _named(api: str, schedules: Any) -> list[tuple[str | None, Schedule]]:
    """``[(label or None, schedule)]`` from a schedule, a sequence or a mapping."""
    if isinstance(schedules, Schedule):
        return [(None, schedules)]
    items: list[tuple[str | None, Any]]
    if isinstance(schedules, Mapping):
        items = [(str(k), v) for k, v in schedules.items()]
    elif isinstance(schedules, (list, tuple)):
        items = [(None, v) for v in schedules]
    else:
        raise TypeError(
            f"{api}(): schedules must be a Schedule, a list of them or a mapping {{label: Schedule}}, "
            f"got {type(schedules).__name__}."
        )
    if not items:
        raise ValueError(f"{api}(): schedules must not be empty.")
    for label, v in items:
        if not isinstance(v, Schedule):
            raise TypeError(
                f"{api}(): every item must be a Schedule, got {type(v).__name__}"
                + (f" for {label!r}." if label else ".")
            )
    return [(label, v) for label, v in items]


#: The words drawn at boundary markers, per kind (see ``Schedule.labelled_boundaries``).
SHORT = {
    "warmup end": "warmup end",
    "milestone": "milestone",
    "restart": "restart",
    "phase": "phase",
    "end": "end",
}


def labelled(s: Schedule, until: float) -> list[tuple[float, str]]:
    """``(step, kind)`` of the boundaries of ``s`` up to ``until`` (every kind "phase" for a
    core without ``labelled_boundaries``)."""
    fn = getattr(s, "labelled_boundaries", None)
    if callable(fn):
        out = [(float(b), str(k)) for b, k in fn(until=until)]
    else:
        out = [(float(b), "phase") for b in s.boundaries() if b <= until]
    # The run's end, when known (a preset's total steps, or the length), is a boundary too.
    from lr_curves._view import run_end

    end = run_end(s)
    if end is not None and 0 < end <= until and all(abs(b - end) > 1 for b, _ in out):
        out = sorted([*out, (float(end), "end")])
    return out


def _heights(curves: list[tuple[Any, Any]], log: bool) -> tuple[list[tuple[Any, Any]], float, float]:
    """The curves' values as drawn (log10 on a log axis) and the value range the axes show
    (matplotlib's 5% margins), for :func:`_place`."""
    out = []
    for x, y in curves:
        v = np.asarray(y, dtype=np.float64)
        if log:
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)
        ok = np.isfinite(v)
        out.append((np.asarray(x, dtype=np.float64)[ok], v[ok]))
    finite = [v for _, v in out if v.size]
    lo = min((float(v.min()) for v in finite), default=0.0)
    hi = max((float(v.max()) for v in finite), default=1.0)
    pad = 0.05 * (hi - lo) if hi > lo else 0.05 * max(abs(hi), 1.0)
    return out, lo - pad, hi + pad


def _place(
    ax: Any,
    b: float,
    word: str,
    start: float,
    stop: float,
    drawn: tuple[list[tuple[Any, Any]], float, float],
) -> tuple[bool, bool]:
    """``(right, up)``: where the word at marker ``b`` crosses the fewest curves: left or right
    of its marker, at the top or the bottom of the axes (a warmup's end is at the curve's top,
    so its word goes below; a decay's end is at the bottom, so its word goes above). Left and
    top first on a tie; right only where there is room (always by the value axis)."""
    from matplotlib.font_manager import FontProperties

    curves, lo, hi = drawn
    span = stop - start
    fig = ax.figure
    pos = ax.get_position()
    size = FontProperties(size="x-small").get_size_in_points()
    tall = min(0.9, (len(word) + 1) * 0.62 * size / max(pos.height * fig.get_figheight() * 72, 1.0))
    wide = (
        1.3 * 1.5 * size / max(pos.width * fig.get_figwidth() * 72, 1.0) * span
    )  # the word's width, in steps
    best: tuple[float, bool, bool] | None = None
    for right in (False, True):
        if (right and b + wide > stop) or (not right and b - wide < start):
            continue  # no room on that side
        # the column the word fills beside its marker (whose own jump is not in its way)
        xs = np.linspace(b, b + wide, 17)[1:] if right else np.linspace(b - wide, b, 17)[:-1]
        top = bottom = 0
        for x, v in curves:
            if x.size:
                near = (np.interp(xs, x, v, left=np.nan, right=np.nan) - lo) / (hi - lo)
                top += int(np.count_nonzero(near >= 1.0 - 0.02 - tall))
                bottom += int(np.count_nonzero(near <= 0.02 + tall))
        for up, hits in ((True, top), (False, bottom)):
            if best is None or hits < best[0]:
                best = (hits, right, up)
    return (False, True) if best is None else (best[1], best[2])


def _label_marks(
    ax: Any,
    marks: list[tuple[float, str]],
    start: float,
    stop: float,
    color: Any,
    offset: int,
    done: set[tuple[float, str]],
    drawn: tuple[list[tuple[Any, Any]], float, float] | None = None,
) -> None:
    """A short rotated word at each marker, beside it where the curves (``drawn``:
    :func:`_heights`) leave room (see :func:`_place`): the first of each kind, then any one far
    enough (an eighth of the range) from the last word drawn, so dense markers stay readable."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.transforms import blended_transform_factory

    where = blended_transform_factory(ax.transData, ax.transAxes)
    span = stop - start
    # Markers closer than a word's width would write over each other: the strongest kind speaks
    # (a ramp's end one step before the run's end says "end").
    size = FontProperties(size="x-small").get_size_in_points()
    wide = 1.5 * size / max(ax.get_position().width * ax.figure.get_figwidth() * 72, 1.0) * span
    spoken: list[tuple[float, str]] = []
    for b, kind in marks:
        if spoken and b - spoken[-1][0] < wide:
            if BOUNDARY_KINDS.index(kind) > BOUNDARY_KINDS.index(spoken[-1][1]):
                spoken[-1] = (b, kind)
            continue
        spoken.append((b, kind))
    last = -math.inf
    seen: set[str] = set()
    for b, kind in spoken:
        near = any(k == kind and abs(b - d) <= span / 50 for d, k in done)  # another curve said it
        if near or (kind in seen and b - last < span / 8):
            continue
        seen.add(kind)
        done.add((b, kind))
        last = b
        word = SHORT.get(kind, kind)
        right, up = (False, True) if drawn is None else _place(ax, b, word, start, stop, drawn)
        ax.text(
            b,
            0.985 - 0.03 * offset if up else 0.015 + 0.03 * offset,
            " " + word if up else word + " ",
            transform=where,
            rotation=90,
            ha="left" if right else "right",
            va="top" if up else "bottom",
            fontsize="x-small",
            color=color,
            alpha=0.85,
            gid="boundary-label",
        )


def _step_label(v: float, _pos: Any = None) -> str:
    """A step tick label that stays short at 10**12: ``2e11``, ``1.5e12`` (``0`` for 0)."""
    return "0" if v == 0 else f"{v:.3g}".replace("e+", "e")


def _known_steps_per_epoch(schedules: Any) -> float | None:
    """The steps per epoch the schedules' notes agree on (see :func:`lr_curves.notes`), or None."""
    known = {notes(s).steps_per_epoch for s in schedules} - {None}
    return known.pop() if len(known) == 1 else None


def default_stop(schedule: Schedule) -> int:
    """The last step a plot shows by default: the schedule's nominal end plus a margin.

    The nominal end is a preset's total steps (its :func:`lr_curves.notes`), else the
    schedule's ``length``, else its structure's: a composition's last boundary plus its tail's
    own end, two cycles of a periodic or restarting tail, a thousandfold fall of an endless
    decay. The margin (a fifth of the end) shows what happens after it. Schedules with nothing
    to go by (a constant) show 1,000 steps.

    Examples:
        >>> import lr_curves as lrc
        >>> default_stop(lrc.warmup(lrc.cosine(1.0, 900), 100))
        1200
        >>> default_stop(lrc.restart(lrc.cosine(1.0, 10), growth=2))
        36
    """
    from lr_curves._view import default_stop as stop

    return stop(schedule)


def points(
    schedule: Schedule, stop: int, *, start: int = 0, max_points: int = 4000
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The steps and values to draw for ``start <= k <= stop``: every step, or a faithful subset.

    With at most ``max_points`` steps in the range, every step. Otherwise the range is cut into
    ``max_points // 4`` buckets, each keeping its first, last, lowest and highest step, plus the
    steps on both sides of every boundary, so the drawing keeps the extremes and the jumps.
    Ranges longer than :data:`DENSE_LIMIT` steps are first sampled on an even grid of that many
    steps (plus both sides of every boundary), so memory stays bounded.

    Examples:
        >>> import lr_curves as lrc
        >>> x, y = points(lrc.multistep(1.0, 0.1, at=[500_000]), 10**6, max_points=400)
        >>> len(x) < 1000, 499_999.0 in x, 500_000.0 in x
        (True, True, True)
    """
    n = stop - start + 1
    if n <= max_points:
        x = np.arange(start, stop + 1, dtype=np.float64)
        return x, schedule(x)
    bounds = np.asarray([math.ceil(b) for b in schedule.boundaries() if start <= b <= stop], dtype=np.int64)
    sides = np.concatenate([bounds, np.maximum(bounds - 1, start)])
    if n > DENSE_LIMIT:
        # An even grid alone can fall in phase with a period (a wave over 10**12 steps drawn at
        # every 500,000th step): each slice of the range also keeps the curve's own turning
        # points and jumps (critical_steps), so every extremum the drawing can show is there.
        from lr_curves._view import critical_steps

        grid = np.arange(start, stop + 1, -(-n // DENSE_LIMIT), dtype=np.int64)
        edges = np.linspace(start, stop, max(max_points // 4, 1) + 1)
        crit: list[int] = []
        for a, b in itertools.pairwise(edges):
            crit += critical_steps(schedule, int(a), int(b), limit=6)
        x_all = np.unique(np.concatenate([grid, sides, np.asarray([*crit, stop], dtype=np.int64)]))
    else:
        x_all = np.arange(start, stop + 1, dtype=np.int64)
    y_all = schedule(x_all.astype(np.float64))
    m = len(x_all)
    size = -(-m // max(max_points // 4, 1))
    buckets = -(-m // size)
    yb = np.pad(y_all, (0, size * buckets - m), mode="edge").reshape(buckets, size)
    base = np.arange(buckets) * size
    keep = [
        base,
        base + size - 1,
        base + np.argmin(yb, axis=1),
        base + np.argmax(yb, axis=1),
        np.asarray([m - 1]),
        np.searchsorted(x_all, sides),
    ]
    sel = np.unique(np.minimum(np.concatenate(keep), m - 1))
    return x_all[sel].astype(np.float64), y_all[sel]


def plot(
    schedules: Schedules,
    steps: int | None = None,
    *,
    start: int = 0,
    ax: Axes | None = None,
    log: bool = False,
    boundaries: bool = True,
    label_boundaries: bool = True,
    steps_per_epoch: float | None = None,
    title: str | None = None,
    legend: bool | str | None = None,
    max_points: int = 4000,
    xlabel: str = "step",
    ylabel: str = "learning rate",
) -> Axes:
    """Draw one or several schedules on one axes, over the integer steps ``start .. steps``.

    Args:
        schedules: A schedule, a list of them, or a mapping ``{label: schedule}``.
        steps: The last step shown. Default: the furthest nominal end plus a margin (see
            :func:`default_stop`).
        start: The first step shown.
        ax: The matplotlib axes to draw on; a new figure when omitted.
        log: A logarithmic value axis (values <= 0, such as a warmup's start at 0, are left out).
        boundaries: Dotted vertical markers, in each curve's colour, at its piece boundaries
            (warmup ends, milestones, restarts, phases, ends: ``labelled_boundaries``).
        label_boundaries: A short word at each marker saying its kind (the first of each
            kind, then any one an eighth of the range from the last word).
        steps_per_epoch: Adds an ``epoch`` axis on top (``epoch = step / steps_per_epoch``).
            Default: the steps per epoch the schedules carry (a preset built from epochs, such
            as ``OneCycleLR(epochs=..., steps_per_epoch=...)``: see :func:`lr_curves.notes`).
        title: The axes' title.
        legend: Show a legend (default: when there is more than one curve or a label). A
            string places it: a matplotlib location such as ``"upper right"``, or ``"below"``
            (under the axes, clear of the curves).
        max_points: Points drawn per curve at most (see :func:`points`).
        xlabel: Label of the step axis.
        ylabel: Label of the value axis.

    Returns:
        The matplotlib ``Axes`` (``ax.figure`` is its figure; ``ax.figure.savefig(path)`` writes
        a PNG or an SVG).

    Raises:
        ImportError: matplotlib is not installed (``pip install 'lr-curves[plot]'``).
    """
    mpl = _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    items = _named("plot", schedules)
    if steps is None:
        stop = max(default_stop(s) for _, s in items)
    else:
        if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
            raise TypeError(f"plot(): steps must be an int, got {steps!r} ({type(steps).__name__}).")
        stop = int(steps)
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or start < 0:
        raise ValueError(f"plot(): start must be an int >= 0, got {start!r}.")
    if stop <= start:
        raise ValueError(f"plot(): steps must be greater than start, got steps={stop}, start={start}.")
    if steps_per_epoch is None:
        steps_per_epoch = _known_steps_per_epoch(s for _, s in items)
    if xlabel == "step" and all(notes(s).unit == "epoch" for _, s in items):
        xlabel = "epoch (the schedule is stepped once per epoch)"
    if steps_per_epoch is not None and not (
        isinstance(steps_per_epoch, (int, float)) and steps_per_epoch > 0 and math.isfinite(steps_per_epoch)
    ):
        raise ValueError(f"plot(): steps_per_epoch must be a positive number, got {steps_per_epoch!r}.")
    if ax is None:
        fig = Figure(figsize=(7.0, 4.0), layout="constrained")
        ax = fig.add_subplot()
    colors = mpl.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    curves = [points(s, stop, start=start, max_points=max_points) for _, s in items]
    top_value = 0.0
    for _, y in curves:
        finite = np.abs(y[np.isfinite(y)])
        top_value = max(top_value, float(finite.max()) if finite.size else 0.0)
    power = math.floor(math.log10(top_value)) if top_value > 0 else 0
    # Values near the ends of the float64 range (constant(1e308)) overflow matplotlib's tick
    # arithmetic: draw them scaled by 10**power (the label says so) instead.
    drawn_unit = 10.0**power if not log and abs(power) >= 300 else 1.0
    said: set[tuple[float, str]] = set()  # words already drawn: curves sharing a boundary say it once
    drawn = _heights([(x, y / drawn_unit) for x, y in curves], log)
    for i, ((label, s), (x, y)) in enumerate(zip(items, curves, strict=True)):
        color = colors[i % len(colors)]
        name = label if label is not None else _label(s)
        style = LINESTYLES[i % len(LINESTYLES)]
        (line,) = ax.plot(x, y / drawn_unit, color=color, label=name, linewidth=1.8, linestyle=style)
        line.set_gid("curve")
        if boundaries:
            marks = [(b, k) for b, k in labelled(s, stop) if start < b < stop][:MAX_MARKERS]
            for b, _ in marks:
                ax.axvline(b, color=color, linestyle=":", linewidth=1.0, alpha=0.7, gid="boundary")
            if label_boundaries:
                _label_marks(ax, marks, start, stop, color, offset=i, done=said, drawn=drawn)
    ax.set_xlim(start, stop)
    ax.xaxis.set_major_formatter(FuncFormatter(_step_label if stop >= 10**7 else lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(xlabel)
    if log:
        ax.set_yscale("log", nonpositive="mask")
    elif drawn_unit != 1.0:
        ylabel = f"{ylabel} ($\\times 10^{{{power}}}$)"
    elif power <= -3 or power >= 4:
        # Scale the tick labels and say so in the label: matplotlib's offset text ("1e-4" above
        # the axis) collides with a title or an epoch axis.
        unit = 10.0**power
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / unit:.4g}"))
        ylabel = f"{ylabel} ($\\times 10^{{{power}}}$)"
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    if title is not None:
        ax.set_title(title)
    show = legend if legend is not None else (len(items) > 1 or items[0][0] is not None)
    if show == "below":
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=min(len(items), 2))
    elif isinstance(show, str):
        ax.legend(fontsize="small", loc=cast(Any, show))
    elif show:
        ax.legend(fontsize="small", loc="best")
    if steps_per_epoch is not None:
        k = float(steps_per_epoch)

        def to_epochs(v: Any) -> Any:
            return v / k

        def to_steps(e: Any) -> Any:
            return e * k

        top = ax.secondary_xaxis("top", functions=(to_epochs, to_steps))
        top.set_xlabel("epoch")
    return ax


def grid(
    schedules: Schedules,
    steps: int | None = None,
    *,
    ncols: int | None = None,
    log: bool = False,
    boundaries: bool = True,
    steps_per_epoch: float | None = None,
    title: str | None = None,
    panel_size: tuple[float, float] = (4.2, 2.9),
    max_points: int = 2000,
) -> Figure:
    """Many schedules, one small panel each (titled with its label), in a grid.

    Args:
        schedules: A list of schedules or a mapping ``{label: schedule}`` (labels title the panels).
        steps: The last step shown in every panel (default: each schedule's own end).
        ncols: Panels per row (default: up to 3).
        log: Logarithmic value axes.
        boundaries: Boundary markers (see :func:`plot`).
        steps_per_epoch: An epoch axis on top of every panel.
        title: The figure's title.
        panel_size: Width and height of one panel, in inches.
        max_points: Points drawn per curve at most.

    Returns:
        The matplotlib ``Figure``.
    """
    _matplotlib()
    from matplotlib.figure import Figure

    items = _named("grid", schedules)
    cols = min(len(items), 3) if ncols is None else ncols
    if isinstance(cols, bool) or not isinstance(cols, int) or cols < 1:
        raise ValueError(f"grid(): ncols must be an int >= 1, got {ncols!r}.")
    rows = -(-len(items) // cols)
    fig = Figure(figsize=(panel_size[0] * cols, panel_size[1] * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, (label, s) in enumerate(items):
        ax = axes[i // cols][i % cols]
        plot(
            s,
            steps,
            ax=ax,
            log=log,
            boundaries=boundaries,
            steps_per_epoch=steps_per_epoch,
            title=label if label is not None else _label(s, 40),
            legend=False,
            max_points=max_points,
        )
        ax.title.set_fontsize("medium")
    for j in range(len(items), rows * cols):
        axes[j // cols][j % cols].set_visible(False)
    if title is not None:
        fig.suptitle(title)
    return fig
