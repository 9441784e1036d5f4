"""lr_curves.plot: what is drawn (curves, boundary markers, axes), decimation, files, errors."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.axes import Axes

import lr_curves as lrc
from lr_curves.plot import default_stop, grid, plot, points

WARM_COS = lrc.warmup(lrc.cosine(3e-4, 9_000, floor=3e-5), 1_000)
STEPS = lrc.multistep(0.1, 0.1, [300, 600, 900])


def _curves(ax: Axes) -> list[object]:
    return [line for line in ax.get_lines() if line.get_gid() == "curve"]


def _markers(ax: Axes) -> list[float]:
    return sorted(float(line.get_xdata()[0]) for line in ax.get_lines() if line.get_gid() == "boundary")  # type: ignore[index]


def test_one_schedule_with_labels_and_boundaries() -> None:
    ax = plot(WARM_COS, title="warmup + cosine")
    assert ax.get_xlabel() == "step"
    assert ax.get_ylabel() == "learning rate ($\\times 10^{-4}$)"  # ticks read 3, not 0.0003
    assert ax.get_title() == "warmup + cosine"
    (curve,) = _curves(ax)
    x, y = curve.get_xdata(), curve.get_ydata()  # type: ignore[attr-defined]
    assert x[0] == 0 and x[-1] == 12_000  # the whole run and a fifth more, its last step included
    assert np.array_equal(y, WARM_COS(np.asarray(x)))
    assert _markers(ax) == [1_000.0, 10_000.0]  # the warmup's end, the run's end
    assert ax.get_legend() is None  # one unlabelled curve: no legend
    assert ax.get_xlim() == (0.0, 12_000.0)


def test_values_near_one_keep_plain_tick_labels() -> None:
    assert plot(STEPS).get_ylabel() == "learning rate"


def test_several_schedules_share_the_axes_with_a_legend() -> None:
    ax = plot({"cosine": lrc.warmup(lrc.cosine(0.1, 900), 100), "steps": STEPS})
    assert [c.get_label() for c in _curves(ax)] == ["cosine", "steps"]  # type: ignore[attr-defined]
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["cosine", "steps"]
    assert _markers(ax) == [100.0, 300.0, 600.0, 900.0, 1_000.0]
    colors = {c.get_color() for c in _curves(ax)}  # type: ignore[attr-defined]
    assert len(colors) == 2


@pytest.mark.parametrize("where", ["below", "upper right"])
def test_legend_placement(where: str) -> None:
    ax = plot({"a": STEPS, "b": WARM_COS}, 1_000, legend=where)
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["a", "b"]
    if where == "below":
        assert legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted()).y0 < 0  # under the axes


def test_a_list_is_labelled_with_the_reprs() -> None:
    half = lrc.multistep(1.0, 0.5, [500])
    ax = plot([half, lrc.constant(0.05), STEPS], 1_000)
    labels = [c.get_label() for c in _curves(ax)]  # type: ignore[attr-defined]
    assert labels[:2] == ["piecewise_constant((1.0, 0.5), (500,))", "constant(0.05)"]
    assert labels[2] == repr(STEPS)[:57] + "..."  # long reprs are cut to 60 characters


def test_no_boundaries_on_request_and_start() -> None:
    ax = plot(STEPS, 1_000, start=400, boundaries=False)
    assert _markers(ax) == []
    assert ax.get_xlim() == (400.0, 1_000.0)


def test_log_scale_masks_the_zero_of_the_warmup() -> None:
    ax = plot(WARM_COS, log=True)
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "learning rate"


def test_epoch_axis_on_top() -> None:
    ax = plot(WARM_COS, steps_per_epoch=500)
    (top,) = ax.child_axes
    assert top.get_xlabel() == "epoch"
    ax.figure.draw_without_rendering()  # type: ignore[union-attr]
    assert top.get_xlim() == pytest.approx((0.0, 24.0))


def test_draws_on_a_given_axes() -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax0 = fig.add_subplot()
    assert plot(STEPS, 1_000, ax=ax0) is ax0


def test_grid_one_panel_per_schedule() -> None:
    five = {
        "exponential": lrc.exponential(5e-5, 0.99),
        "cosine": lrc.cosine(5e-5, 1_000, periodic=True),
        "step": lrc.exponential(5e-5, 0.1, 500, staircase=True),
        "polynomial + warmup": lrc.warmup(lrc.polynomial(5e-5, 1e-7, 2_900, power=2), 100),
        "multistep": lrc.multistep(5e-5, 0.1, [1_000, 2_000]),
    }
    fig = grid(five, 3_000, title="five schedulers")
    visible = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert [ax.get_title() for ax in visible] == list(five)
    assert len(fig.axes) == 6 and not fig.axes[5].get_visible()  # 2 rows of 3, the last one empty
    assert _markers(visible[3]) == [100.0]
    assert _markers(visible[4]) == [1_000.0, 2_000.0]
    assert fig.get_suptitle() == "five schedulers"


def test_grid_columns() -> None:
    fig = grid([STEPS, WARM_COS], ncols=1)
    assert fig.axes[0].get_subplotspec().get_geometry()[:2] == (2, 1)  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_files(tmp_path: pathlib.Path, suffix: str) -> None:
    path = tmp_path / f"lr.{suffix}"
    plot(WARM_COS).figure.savefig(path)  # type: ignore[union-attr]
    head = path.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in head


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        pytest.param(WARM_COS, 12_000, id="length-and-a-fifth"),
        pytest.param(lrc.restart(lrc.cosine(1.0, 10), growth=2), 36, id="two-restart-cycles"),
        pytest.param(lrc.restart(lrc.cosine(1.0, 10)), 24, id="two-cycles"),
        pytest.param(lrc.cosine(1.0, 100, periodic=True), 240, id="periodic-down-and-up"),
        pytest.param(lrc.triangle(0.0, 1.0, up=10, down=30), 96, id="triangle-two-cycles"),
        pytest.param(lrc.exponential(1.0, 0.5, 100, staircase=True), 1_200, id="tenfold-drops"),
        pytest.param(lrc.exponential(1.0, 0.1, 30, staircase=True), 108, id="three-drops"),
        pytest.param(lrc.inverse_sqrt(1.0, 10), 1_188, id="inverse-sqrt-tenfold"),
        pytest.param(lrc.constant(1.0), 1_000, id="constant"),
        pytest.param(lrc.linear(0.0, 1.0, 2.5), 3, id="float-length"),
        pytest.param(
            lrc.concat(lrc.linear(0.01, 1.0, 100), lrc.cosine(1.0, 400, periodic=True), at=[100]),
            1_080,
            id="composition-with-periodic-tail",
        ),
    ],
)
def test_default_stop(schedule: lrc.Schedule, expected: int) -> None:
    assert default_stop(schedule) == expected


# ---------------------------------------------------------------------------------------- decimation
def test_short_ranges_are_drawn_step_by_step() -> None:
    x, y = points(STEPS, 1_000)
    assert np.array_equal(x, np.arange(1_001))
    assert np.array_equal(y, STEPS(x))


LONG = {
    "sgdr": lrc.warmup(lrc.restart(lrc.cosine(1.0, 50_000, floor=0.01), growth=2, decay=0.7), 10_000),
    "multistep": lrc.multistep(1.0, 0.3, [200_001, 500_000, 800_000]),
    "triangle": lrc.triangle(0.0, 1.0, up=777),
}


@pytest.mark.parametrize("name", list(LONG))
def test_a_million_steps_keep_extremes_and_jumps(name: str) -> None:
    s = LONG[name]
    x, y = points(s, 10**6, max_points=4_000)
    full = s(np.arange(10**6 + 1, dtype=float))
    assert len(x) <= 4_000 + 2 * len(s.boundaries()) + 1
    assert np.array_equal(y, full[x.astype(int)])  # exact values at the kept steps
    assert x[0] == 0 and x[-1] == 10**6 and np.all(np.diff(x) > 0)
    assert y.max() == full.max() and y.min() == full.min()
    for b in s.boundaries():
        if b <= 10**6:
            assert b in x and b - 1 in x  # both sides of every jump


def test_a_billion_steps_are_sampled_and_keep_the_jumps(monkeypatch: pytest.MonkeyPatch) -> None:
    from lr_curves import plot as plot_module

    monkeypatch.setattr(plot_module, "DENSE_LIMIT", 100_000)
    s = lrc.multistep(1.0, 0.5, [123_456_789, 600_000_001])
    x, y = points(s, 10**9, max_points=1_000)
    assert len(x) <= 1_000 + 4 + 1
    assert x[0] == 0 and x[-1] == 10**9 and np.all(np.diff(x) > 0)
    assert {123_456_788.0, 123_456_789.0, 600_000_000.0, 600_000_001.0} <= set(x.tolist())
    assert np.array_equal(y, s(x))


# ---------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda: plot(STEPS, 100, start=100),
            ValueError,
            r"plot\(\): steps must be greater than start, got steps=100, start=100\.",
            id="empty-range",
        ),
        pytest.param(
            lambda: plot(STEPS, 10.5),
            TypeError,
            r"plot\(\): steps must be an int, got 10\.5 \(float\)\.",
            id="float-steps",
        ),
        pytest.param(
            lambda: plot(STEPS, start=-1),
            ValueError,
            r"plot\(\): start must be an int >= 0, got -1\.",
            id="negative-start",
        ),
        pytest.param(
            lambda: plot([]), ValueError, r"plot\(\): schedules must not be empty\.", id="empty-list"
        ),
        pytest.param(
            lambda: plot("cosine(1.0, 10)"),
            TypeError,
            r"plot\(\): schedules must be a Schedule, a list of them or a mapping \{label: Schedule\}, got str\.",
            id="text",
        ),
        pytest.param(
            lambda: plot({"a": 1.0}),
            TypeError,
            r"plot\(\): every item must be a Schedule, got float for 'a'\.",
            id="not-a-schedule",
        ),
        pytest.param(
            lambda: plot(STEPS, steps_per_epoch=0),
            ValueError,
            r"plot\(\): steps_per_epoch must be a positive number, got 0\.",
            id="epochs",
        ),
        pytest.param(
            lambda: grid([STEPS], ncols=0),
            ValueError,
            r"grid\(\): ncols must be an int >= 1, got 0\.",
            id="ncols",
        ),
    ],
)
def test_errors(call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"needs matplotlib.*pip install 'lr-curves\[plot\]'"):
        plot(STEPS)


def test_importing_the_module_does_not_import_matplotlib() -> None:
    code = "import sys, lr_curves.plot, lr_curves.cli; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------- issue 15/16
def _seed000() -> lrc.Schedule:
    from lr_curves.presets import torch as T  # noqa: N812

    warm = T.LinearLR(start_factor=0.01, end_factor=1.0, total_iters=100, base_lr=0.1)
    return T.SequentialLR([warm, T.CosineAnnealingLR(T_max=400, base_lr=0.1)], milestones=[100])


def test_grid_shows_the_whole_sequential_run() -> None:
    # Was: steps 0-100 (the cosine tail is periodic, so the old default stopped at the boundary).
    fig = grid({"seed 000": _seed000()})
    ax = fig.axes[0]
    assert ax.get_xlim() == (0.0, 600.0)  # the warmup, the 400-step cosine, and a fifth more
    (curve,) = _curves(ax)
    y = curve.get_ydata()  # type: ignore[attr-defined]
    assert float(np.max(y)) == pytest.approx(0.1) and float(np.min(y)) == 0.0


def test_epochs_known_to_a_preset_give_the_epoch_axis() -> None:
    from lr_curves.presets import torch as T  # noqa: N812

    ax = plot(T.OneCycleLR(max_lr=0.01, epochs=200, steps_per_epoch=128))
    (top,) = ax.child_axes
    assert top.get_xlabel() == "epoch"
    ax.figure.draw_without_rendering()  # type: ignore[union-attr]
    assert top.get_xlim() == pytest.approx((0.0, 240.0))  # 25,600 steps = 200 epochs, and a fifth
    assert plot(T.OneCycleLR(max_lr=0.01, total_steps=1000)).child_axes == []


def test_a_timm_epoch_schedule_says_its_unit() -> None:
    from lr_curves.presets import timm

    assert plot(timm.CosineLRScheduler(t_initial=100)).get_xlabel().startswith("epoch")


@pytest.mark.parametrize("stop", [10**12, 10**15, 10**18])
def test_huge_ranges_keep_every_extremum(stop: int) -> None:
    # Was: a triangle wave over 10**12 steps drawn peaking at 0.82 (an even grid in phase with it).
    # periods that are powers of two: near 10**18 a float64 step is a multiple of 128, so the
    # exact peaks are steps the drawing can hold (a period of 1,000 there has no exact peak)
    tri = lrc.triangle(0.0, 1.0, up=37 if stop < 10**15 else 512)
    x, y = points(tri, stop)
    assert y.max() == 1.0 and y.min() == 0.0
    assert len(x) < 3 * 10**6
    cos = lrc.cosine(1.0, 1_000 if stop < 10**15 else 1024, periodic=True)
    x, y = points(cos, stop)
    assert y.max() == 1.0 and y.min() == 0.0
    # every slice of the drawing reaches both ends of the wave
    slices = np.array_split(y, 100)
    assert all(s.max() == 1.0 and s.min() == 0.0 for s in slices)


def test_huge_range_of_restarts_keeps_cycle_ends() -> None:
    s = lrc.restart(lrc.cosine(1.0, 1_000, floor=0.1))
    _x, y = points(s, 10**13)
    assert y.max() == 1.0 and y.min() == pytest.approx(0.1 + 0.9 * (1 + np.cos(np.pi * 999 / 1000)) / 2)


def _words(ax: Axes) -> list[tuple[float, str]]:
    return [
        (float(t.get_position()[0]), t.get_text().strip())
        for t in ax.texts
        if t.get_gid() == "boundary-label"
    ]


def test_boundaries_are_labelled_with_their_kind() -> None:
    ax = plot(_seed000())
    words = _words(ax)
    assert (500.0, "end") in words  # the run's end (the CosineAnnealingLR child's T_max after 100)
    assert [b for b, _ in words] == sorted(b for b, _ in words)
    assert all(w in ("warmup end", "milestone", "restart", "phase", "end") for _, w in words)
    assert _words(plot(_seed000(), label_boundaries=False)) == []


def test_dense_markers_keep_few_words() -> None:
    ax = plot(lrc.multistep(1.0, 0.9, list(range(10, 1000, 10))), 1000)
    assert len(_markers(ax)) == 64  # at most MAX_MARKERS lines
    assert len(_words(ax)) <= 9  # the first of each kind, then one per eighth of the range


def test_curves_sharing_a_boundary_say_it_once() -> None:
    s = lrc.warmup(lrc.cosine(1.0, 400), 100)
    ax = plot({"a": s, "b": s * 0.5})
    assert sorted(_words(ax)) == [(100.0, "warmup end"), (500.0, "end")]


def _sides(ax: Axes) -> list[tuple[float, str, str]]:
    return [
        (float(t.get_position()[0]), t.get_text().strip(), "top" if t.get_position()[1] > 0.5 else "bottom")
        for t in ax.texts
        if t.get_gid() == "boundary-label"
    ]


def test_boundary_words_go_where_the_curve_is_not() -> None:
    # Was: every word at the top, written over a curve that sits there (a warmup's end, a constant).
    cosine = lrc.annotate(lrc.warmup(lrc.cosine(0.1, 900), 100), total_steps=1000)
    # the peak: below; the decay's floor: above
    assert _sides(plot(cosine)) == [(100.0, "warmup end", "bottom"), (1000.0, "end", "top")]
    # a drop from the ramp's top to a floor: the word left of the drop goes below, at the floor's end above
    low = lrc.annotate(lrc.concat(lrc.linear(0.0, 0.1, 100), lrc.constant(0.001), at=[100]), total_steps=1000)
    assert _sides(plot(low)) == [(100.0, "end", "bottom"), (1000.0, "end", "top")]
    high = lrc.warmup(lrc.constant(0.1), 100)
    assert _sides(plot(high, 1000)) == [(100.0, "warmup end", "bottom")]
    assert _sides(plot(high, 1000, log=True)) == [(100.0, "warmup end", "bottom")]  # on a log axis too


def test_markers_a_step_apart_say_one_word_the_strongest() -> None:
    # Megatron's weight decay: its ramp ends at 1,000, its end at 1,001; both words were drawn over each other.
    s = lrc.concat(
        lrc.warmup(lrc.constant(0.1), 1000, start=0.01, shape="cosine"), lrc.constant(0.1), at=[1001]
    )
    ax = plot(s, 1200)
    assert _markers(ax) == [1000.0, 1001.0]  # both markers stay
    assert [(b, w) for b, w, _ in _sides(ax)] == [(1001.0, "end")]


def test_a_word_by_the_value_axis_goes_right_of_its_marker() -> None:
    # Was: a warmup of 1 step in 12,000 put its word left of the marker, over the value axis's labels.
    ax = plot(lrc.warmup(lrc.inverse_sqrt(1.0, timescale=100), 100), 12_000)
    (word,) = (t for t in ax.texts if t.get_gid() == "boundary-label")
    assert (word.get_text().strip(), word.get_position()[0], word.get_ha()) == ("warmup end", 100.0, "left")
    ax = plot(lrc.warmup(lrc.cosine(1.0, 900), 100))
    assert [t.get_ha() for t in ax.texts if t.get_gid() == "boundary-label"] == ["right", "right"]


def test_a_word_between_a_ramp_and_a_high_curve_goes_right_and_low() -> None:
    # a steep ramp fills the column left of its end, top to bottom; right of it the curve is high
    late = lrc.concat(lrc.constant(0.0), lrc.warmup(lrc.cosine(0.1, 880), 20), at=[300])
    (word,) = (t for t in plot(late, 1200).texts if t.get_text().strip() == "warmup end")
    assert (word.get_position()[0], word.get_ha(), word.get_va()) == (320.0, "left", "bottom")
    ax = plot(lrc.warmup(lrc.cosine(0.1, 1100), 100), 1200)  # room left of a gentler ramp's top: there
    (word,) = (t for t in ax.texts if t.get_text().strip() == "warmup end")
    assert (word.get_ha(), word.get_va()) == ("right", "bottom")


def test_an_endless_ramp_shows_the_fallback_range() -> None:
    # deepspeed's LR range test stands for "no end" with a 2**53-step ramp: it drew 10**18 steps
    from lr_curves.presets import deepspeed

    s = deepspeed.LRRangeTest(
        lr_range_test_min_lr=0.001, lr_range_test_step_size=100, lr_range_test_staircase=True
    )
    assert default_stop(s) == 1000
    assert default_stop(lrc.linear(0.0, 1.0, 10**12)) == 1_200_000_000_000  # long, but an end
