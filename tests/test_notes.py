"""Notes (lr_curves.annotate / notes): facts for the faces, outside the schedule's value."""

from __future__ import annotations

import gc
import pickle

import pytest

import lr_curves as lrc
from lr_curves import _notes
from lr_curves.presets import timm as timm_presets
from lr_curves.presets import torch as torch_presets
from lr_curves.presets import transformers as hf_presets


def test_notes_do_not_change_the_value() -> None:
    s = lrc.warmup(lrc.cosine(1.0, 900), 100)
    a = lrc.annotate(s, total_steps=1000, steps_per_epoch=100)
    assert a == s and hash(a) == hash(s) and repr(a) == repr(s) and a.to_dict() == s.to_dict()
    assert a is not s and a(500) == s(500)
    assert lrc.notes(s) == lrc.Notes()  # the original is untouched
    assert lrc.notes(a) == lrc.Notes(total_steps=1000, steps_per_epoch=100, epochs=10.0)
    assert lrc.notes(pickle.loads(pickle.dumps(a))) == lrc.Notes()  # not part of the value
    assert lrc.notes(lrc.parse(repr(a))) == lrc.Notes()
    assert lrc.notes(a * 2) == lrc.Notes()  # a new schedule does not inherit them


def test_notes_merge_and_derive() -> None:
    a = lrc.annotate(lrc.cosine(1.0, 10), total_steps=20, epochs=4)
    assert lrc.notes(a).steps_per_epoch == 5  # 20 / 4, a whole number
    b = lrc.annotate(a, unit="epoch")
    assert lrc.notes(b) == lrc.Notes(20, 5, 4.0, "epoch")


def test_notes_are_dropped_with_their_schedule() -> None:
    a = lrc.annotate(lrc.constant(1.0), total_steps=3)
    key = id(a)
    assert _notes._TABLE[key][1].total_steps == 3
    del a
    gc.collect()
    assert key not in _notes._TABLE


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"total_steps": 0}, ValueError, r"^annotate\(\): total_steps must be an int >= 1, got 0\.$"),
        (
            {"total_steps": 2.5},
            TypeError,
            r"^annotate\(\): total_steps must be an int >= 1, got 2\.5 \(float\)",
        ),
        ({"steps_per_epoch": -1}, ValueError, r"^annotate\(\): steps_per_epoch must be a positive number"),
        (
            {"unit": "batch"},
            ValueError,
            r"^annotate\(\): unit must be one of 'step', 'epoch', got 'batch'\.$",
        ),
    ],
)
def test_bad_notes(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        lrc.annotate(lrc.constant(1.0), **kwargs)  # type: ignore[arg-type]


def test_annotate_needs_a_schedule() -> None:
    with pytest.raises(TypeError, match=r"^annotate\(\): schedule must be a Schedule, got 1 \(int\)"):
        lrc.annotate(1)  # type: ignore[arg-type]


def test_presets_carry_what_they_know() -> None:
    one = torch_presets.OneCycleLR(max_lr=0.01, epochs=200, steps_per_epoch=128)
    assert lrc.notes(one) == lrc.Notes(25_600, 128, 200.0, None)
    assert lrc.notes(torch_presets.OneCycleLR(max_lr=0.01, total_steps=1000)).total_steps == 1000
    assert lrc.notes(torch_presets.OneCycleLR(max_lr=0.01, total_steps=1000)).steps_per_epoch is None
    assert lrc.notes(torch_presets.OneCycleLR_momentum(max_lr=0.01, epochs=2, steps_per_epoch=5)).epochs == 2
    assert lrc.notes(torch_presets.CosineAnnealingLR(T_max=100)).total_steps == 100
    hf = hf_presets.get_cosine_schedule_with_warmup(num_warmup_steps=100, num_training_steps=1000)
    assert lrc.notes(hf).total_steps == 1000
    assert lrc.notes(timm_presets.CosineLRScheduler(t_initial=10)).unit == "epoch"
    assert lrc.notes(timm_presets.CosineLRScheduler(t_initial=10, t_in_epochs=False)).unit is None
