"""PyTorch adapter: :class:`LambdaLR`, a ``torch.optim.lr_scheduler.LambdaLR`` driven by schedules.

After ``k`` calls of ``.step()`` each param group's lr is its schedule at ``k``, so the ``k``-th
update (0-based) uses ``s(k)`` -- the usual loop ``optimizer.step(); scheduler.step()``. The values
are the core's ``s(k)``, bit for bit; this module holds no formula, only torch's state machine.

It is a subclass of torch's ``LambdaLR``, so Lightning, the transformers ``Trainer`` and anything
else that accepts a torch scheduler accepts it. Its ``state_dict()`` holds the schedules as data
(``Schedule.to_dict()``: JSON-safe, loadable with ``torch.load(..., weights_only=True)``), never
pickled functions.

Examples:
    >>> import torch
    >>> import lr_curves as lrc
    >>> from lr_curves.adapters.torch import LambdaLR
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.SGD(model.parameters(), lr=1.0)
    >>> sched = LambdaLR(opt, lrc.warmup(lrc.cosine(0.1, 8), 2))
    >>> for _ in range(3):
    ...     opt.step()
    ...     sched.step()
    >>> f"{opt.param_groups[0]['lr']:.4f}"
    '0.0962'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

try:
    import torch
    from torch.optim.lr_scheduler import LambdaLR as _TorchLambdaLR
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test without torch
    raise ImportError(
        "lr_curves.adapters.torch needs PyTorch, which is not installed. "
        "Install it with: pip install 'lr-curves[torch]'"
    ) from exc

from lr_curves import Schedule, from_dict
from lr_curves._function import functions_in

__all__ = ["LambdaLR"]

_API = "LambdaLR"
_MODES = ("absolute", "multiply")
_CLOCKS = ("scheduler", "optimizer")
_ON_MISMATCH = ("error", "checkpoint", "new")
#: Version of the ``state_dict`` layout written by :meth:`LambdaLR.state_dict` (2: clock and
#: update count; version 1 states load as clock="scheduler").
_STATE_VERSION = 2
# Keys that address one element of a tuple-valued param-group entry (Adam's ``betas``).
_INDEXED = {"betas[0]": ("betas", 0), "betas[1]": ("betas", 1)}


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "..." + text[-10:]


def _schedules(what: str, value: Any, n_groups: int) -> list[Schedule]:
    """One schedule per param group, from a schedule or a list/tuple of schedules."""
    if isinstance(value, Schedule):
        return [value] * n_groups
    if isinstance(value, (list, tuple)):
        if len(value) != n_groups:
            raise ValueError(
                f"{_API}(): {what} must have one schedule per param group, got {len(value)} "
                f"schedules for {n_groups} param groups."
            )
        for i, item in enumerate(value):
            if not isinstance(item, Schedule):
                raise TypeError(
                    f"{_API}(): {what}[{i}] must be an lr_curves Schedule, got {_describe(item)} "
                    f"({type(item).__name__}). Hint: wrap a number in lr_curves.constant(...)."
                )
        return list(value)
    raise TypeError(
        f"{_API}(): {what} must be an lr_curves Schedule or a list of them (one per param group), "
        f"got {_describe(value)} ({type(value).__name__}). Hint: for a plain Python function use "
        "torch.optim.lr_scheduler.LambdaLR; for a number use lr_curves.constant(...)."
    )


def _set(group: dict[str, Any], key: str, value: float | torch.Tensor) -> None:
    """Write ``value`` into ``group[key]``; a tensor entry is filled in place (no new tensor)."""
    if key in _INDEXED:
        name, index = _INDEXED[key]
        old = group[name]
        if isinstance(old[index], torch.Tensor):
            old[index].fill_(value)
        else:
            items = list(old)
            items[index] = value
            group[name] = type(old)(items)
        return
    if key == "momentum" and "momentum" not in group and "betas" in group:
        _set(group, "betas[0]", value)  # OneCycleLR's rule: Adam's momentum is betas[0]
        return
    old = group[key]
    if isinstance(old, torch.Tensor):
        old.fill_(value)
    else:
        group[key] = value


def _check_key(key: Any, groups: Sequence[dict[str, Any]]) -> None:
    if not isinstance(key, str):
        raise TypeError(
            f"{_API}(): hyperparams keys must be param-group key names, got {_describe(key)} "
            f"({type(key).__name__})."
        )
    if key == "lr":
        raise ValueError(
            f"{_API}(): hyperparams must not contain 'lr', got {key!r}. Hint: the lr schedule is "
            "the second argument."
        )
    for i, group in enumerate(groups):
        name = _INDEXED[key][0] if key in _INDEXED else key
        ok = name in group or (key == "momentum" and "betas" in group)
        if not ok:
            raise ValueError(
                f"{_API}(): hyperparams key {key!r} is not in param group {i}, whose keys are "
                f"{sorted(k for k in group if k != 'params')}."
            )
        value = group.get(name)
        if key in _INDEXED and not isinstance(value, (tuple, list)):
            raise ValueError(f"{_API}(): hyperparams key {key!r} needs a tuple {name!r} in param group {i}.")


# ---------------------------------------------------------------------------------------- checks
def _peak(s: Schedule, k0: int) -> float:
    """The largest value of ``s`` at its start, its boundaries, ``k0``, its first 4097 steps and
    a grid over its span: the peak of every common shape (cosines and decays peak at 0 or at a
    boundary, cycles within their first periods)."""
    import numpy as np

    bounds = [float(b) for b in s.boundaries()]
    end = s.length
    span = float(end) if end is not None else max([*bounds, float(k0), 5_000.0]) * 2.0
    points = np.concatenate(
        [
            np.arange(min(span, 4096.0) + 1.0),
            np.linspace(0.0, span, 2049),
            np.asarray([*bounds, float(k0)], dtype=np.float64),
        ]
    )
    points = points[np.isfinite(points) & (points >= 0.0)]
    return float(np.max(s(points)))


def _check_not_a_multiplier(groups: Sequence[dict[str, Any]], schedules: Sequence[Schedule], k0: int) -> None:
    """mode not given: refuse an optimizer lr that says the schedule may be meant as a multiplier.

    The optimizer's lr is accepted when it is 1.0 (a neutral base), the schedule's value at the
    first step, or the schedule's peak: each says "the schedule holds the lr itself".
    """
    for i, (group, s) in enumerate(zip(groups, schedules, strict=True)):
        base = group.get("initial_lr", group["lr"])
        base_f = float(base.item()) if isinstance(base, torch.Tensor) else float(base)
        first = s(k0)
        if math.isclose(base_f, 1.0, rel_tol=1e-6) or math.isclose(base_f, first, rel_tol=1e-6):
            continue
        peak = _peak(s, k0)
        if math.isclose(base_f, peak, rel_tol=1e-6):
            continue
        where = f" (param group {i})" if len(groups) > 1 else ""
        raise ValueError(
            f"{_API}(): the optimizer's lr is {base_f!r}{where}, but the schedule {_describe(s)} "
            f"is absolute by default: the lr would follow it (peak {peak!r}; {first!r} at step "
            f'{k0}) and the optimizer\'s {base_f!r} would be ignored. Pass mode="multiply" if the '
            f"schedule multiplies the optimizer's lr (torch's LambdaLR: lr = {base_f!r} * s(k)), or "
            'mode="absolute" if its values are the lr itself (or build the optimizer with lr=1.0).'
        )


def _number_or_tensor(value: Any) -> bool:
    if isinstance(value, torch.Tensor):
        return value.numel() == 1 and value.is_floating_point()
    if isinstance(value, bool):
        return False
    return isinstance(value, numbers.Real) and math.isfinite(value)


def _bad(key: str, rule: str, value: Any) -> ValueError:
    return ValueError(
        f"{_API}.load_state_dict(): state key {key!r} must be {rule}, got {_describe(value)} "
        f"({type(value).__name__}). Nothing was loaded."
    )


def _int(state: Mapping[str, Any], key: str, minimum: int, where: str = "") -> int:
    value = state[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _bad(where + key, f"an int >= {minimum}", value)
    return value


def _list_of(state: Mapping[str, Any], key: str, n: int) -> list[Any]:
    value = state[key]
    if not isinstance(value, list) or len(value) != n or not all(_number_or_tensor(v) for v in value):
        raise _bad(key, f"a list of {n} finite numbers (one per param group)", value)
    return value


def _schedule_data(value: Any, key: str, functions: dict[str, Any] | None = None) -> Schedule:
    try:
        return from_dict(value, functions=functions)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"{_API}.load_state_dict(): state key {key!r} is not a schedule: {exc} Nothing was loaded."
        ) from None


#: What torch's LRScheduler (and this class) keep in ``state_dict()``, with their checks.
_TORCH_KEYS = {
    "base_lrs",
    "last_epoch",
    "_step_count",
    "_is_initial",
    "_get_lr_called_within_step",
    "_last_lr",
    "verbose",
}


# ---------------------------------------------------------------------------------------- diffs
def _short(node: Any) -> str:
    if isinstance(node, dict) and "type" in node:
        return repr(from_dict({"lr_curves": 1, "schedule": node}))
    if isinstance(node, list):
        return "[" + ", ".join(_short(v) for v in node) + "]"
    return repr(node)


def _field(node: dict[str, Any], key: str) -> str:
    """A node's field as text; a field left out of the data shows its default value."""
    if key in node:
        return _short(node[key])
    value = getattr(from_dict({"lr_curves": 1, "schedule": node}), key, None)
    return f"{value!r} (the default)"


def _node_diff(old: Any, new: Any, out: list[str], parent: str = "") -> None:
    """Lines ``<node> <field>: <old> in the checkpoint, <new> now`` for the differing leaves."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict) and old.get("type") == new.get("type"):
        api = str(old.get("type"))
        for key in [*old, *(k for k in new if k not in old)]:
            if key == "type":
                continue
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            if isinstance(a, dict) and isinstance(b, dict):
                _node_diff(a, b, out, f"{api} {key}")
            elif (
                isinstance(a, list)
                and isinstance(b, list)
                and len(a) == len(b)
                and all(isinstance(v, dict) for v in [*a, *b])
            ):
                for i, (x, y) in enumerate(zip(a, b, strict=True)):
                    _node_diff(x, y, out, f"{api} {key}[{i}]")
            else:
                out.append(f"{api} {key}: {_field(old, key)} in the checkpoint, {_field(new, key)} now")
        return
    label = parent or "schedule"
    out.append(f"{label}: {_short(old)} in the checkpoint, {_short(new)} now")


def _diff_lines(what: str, old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]) -> list[str]:
    per_group = []
    for o, n in zip(old, new, strict=True):
        lines: list[str] = []
        _node_diff(o["schedule"], n["schedule"], lines)
        per_group.append(lines)
    if len(per_group) > 1 and all(g == per_group[0] for g in per_group):
        return [f"{what} (every param group): {line}" for line in per_group[0]]
    many = len(per_group) > 1
    return [
        (f"{what} (param group {i}): " if many else f"{what}: ") + line
        for i, lines in enumerate(per_group)
        for line in lines
    ]


class LambdaLR(_TorchLambdaLR):
    """A torch ``LambdaLR`` whose lr (and optionally other hyperparameters) follow schedules.

    With ``mode="absolute"`` after ``k`` steps the lr of param group ``g`` is
    ``schedules[g](k)``: the schedule's own values, whatever lr the optimizer was built with.
    With ``mode="multiply"`` it is ``base_lr[g] * schedules[g](k)`` as in torch's ``LambdaLR``
    (each group keeps its own base lr: layer-wise lr decay with one shared curve).

    **No silent 10x.** Without ``mode`` the values are absolute, and the optimizer's lr must say
    so: 1.0, the schedule's value at the first step, or its peak. Any other lr (``SGD(...,
    lr=0.1)`` with a schedule peaking at 1.0) is a ``ValueError`` naming both numbers: pass
    ``mode="multiply"`` or ``mode="absolute"`` to say which you mean.

    ``clock`` says what ``k`` counts. ``"scheduler"`` (default, torch's convention): calls of
    :meth:`step`. ``"optimizer"``: optimizer updates actually applied, counted by a step hook on
    the optimizer, so the ``k``-th update uses ``s(k)`` however often :meth:`step` is called
    (every micro-batch under gradient accumulation) and an update that
    ``torch.amp.GradScaler`` skips (inf/NaN gradients) does not advance the schedule.

    ``on_mismatch`` says what :meth:`load_state_dict` does when the checkpoint's schedules (or
    mode, or clock) differ from the constructor's: ``"error"`` (default) raises a ``ValueError``
    listing the differences; ``"checkpoint"`` continues on the checkpoint's schedules;
    ``"new"`` continues from the restored step on the constructor's (with
    :func:`lr_curves.retarget`: "train longer than planned").

    ``hyperparams`` drives other param-group keys with absolute values: ``{"momentum": s}``
    (on Adam-style groups without ``momentum`` it drives ``betas[0]``, as ``OneCycleLR`` does),
    ``{"betas[0]": s}``, ``{"weight_decay": s}``, ... Tensor-valued entries (``capturable``
    optimizers, ``lr=torch.tensor(...)`` for ``torch.compile``) are written in place with
    ``fill_``, so a compiled step sees the same tensor with a new value and does not recompile.
    Under ``torch.compile``, :meth:`step` runs outside the graph (as torch's own schedulers do).

    Args:
        optimizer: The wrapped optimizer.
        schedule: One :class:`~lr_curves.Schedule` for every param group, or a list with one per
            group.
        mode: ``"absolute"``, ``"multiply"`` or ``None`` (absolute, checked: see above).
        hyperparams: Other param-group keys to drive: key -> schedule or list of schedules.
        strict: If true, stepping past the declared end (``Schedule.length``) of any schedule
            raises ``ValueError`` (a run longer than its schedule is usually a config mistake).
            Reaching the end (``k == length``) is allowed.
        clock: ``"scheduler"`` or ``"optimizer"`` (see above).
        on_mismatch: ``"error"``, ``"checkpoint"`` or ``"new"`` (see above).
        last_epoch: As in torch: ``-1`` for a fresh start.

    Raises:
        TypeError: ``schedule`` (or a hyperparams value) is not a Schedule or a list of them.
        ValueError: a list whose length differs from the number of param groups, an unknown
            ``mode``/``clock``/``on_mismatch``, a hyperparams key the param groups lack, an
            optimizer lr that contradicts an absolute schedule (``mode`` not given), or
            (``strict``) a step past the end.

    Examples:
        >>> import torch
        >>> import lr_curves as lrc
        >>> from lr_curves.adapters.torch import LambdaLR
        >>> w = torch.nn.Parameter(torch.zeros(2))
        >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> one_cycle = LambdaLR(
        ...     opt,
        ...     lrc.piecewise_cosine([0.004, 0.1, 4e-7], at=[0, 3, 10]),
        ...     hyperparams={"momentum": lrc.piecewise_cosine([0.95, 0.85, 0.95], at=[0, 3, 10])},
        ... )
        >>> opt.step(); one_cycle.step()
        >>> g = opt.param_groups[0]
        >>> f"{g['lr']:.4f} {g['momentum']:.4f}"
        '0.0280 0.9250'
    """

    def __init__(
        self,
        optimizer: torch.optim.Optimizer,
        schedule: Schedule | Sequence[Schedule],
        *,
        mode: str | None = None,
        hyperparams: Mapping[str, Schedule | Sequence[Schedule]] | None = None,
        strict: bool = False,
        clock: str = "scheduler",
        on_mismatch: str = "error",
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise TypeError(
                f"{_API}(): optimizer must be a torch.optim.Optimizer, got {_describe(optimizer)} "
                f"({type(optimizer).__name__})."
            )
        if mode is not None and mode not in _MODES:
            raise ValueError(f"{_API}(): mode must be 'absolute' or 'multiply', got {_describe(mode)}.")
        if clock not in _CLOCKS:
            raise ValueError(f"{_API}(): clock must be 'scheduler' or 'optimizer', got {_describe(clock)}.")
        if on_mismatch not in _ON_MISMATCH:
            raise ValueError(
                f"{_API}(): on_mismatch must be 'error', 'checkpoint' or 'new', got {_describe(on_mismatch)}."
            )
        if not isinstance(strict, bool):
            raise TypeError(
                f"{_API}(): strict must be a bool, got {_describe(strict)} ({type(strict).__name__})."
            )
        if isinstance(last_epoch, bool) or not isinstance(last_epoch, int) or last_epoch < -1:
            raise ValueError(f"{_API}(): last_epoch must be an int >= -1, got {_describe(last_epoch)}.")
        groups = optimizer.param_groups
        schedules = _schedules("schedule", schedule, len(groups))
        extra: dict[str, list[Schedule]] = {}
        if hyperparams is not None:
            if not isinstance(hyperparams, Mapping):
                raise TypeError(
                    f"{_API}(): hyperparams must be a mapping of param-group key -> schedule, got "
                    f"{_describe(hyperparams)} ({type(hyperparams).__name__})."
                )
            for key, value in hyperparams.items():
                _check_key(key, groups)
                extra[key] = _schedules(f"hyperparams[{key!r}]", value, len(groups))
        if mode is None:
            _check_not_a_multiplier(groups, schedules, last_epoch + 1)
        self.mode = mode or "absolute"
        self.strict = strict
        self.hyperparams = extra
        self.clock = clock
        self.on_mismatch = on_mismatch
        #: Optimizer updates applied (``clock="optimizer"``); the step of the next update.
        self._updates = last_epoch + 1
        self._hook: Any = None
        # torch's base __init__ takes its first step here: lr (and hyperparams) at step 0.
        super().__init__(optimizer, list(schedules), last_epoch=last_epoch)
        if clock == "optimizer":
            self._register_hook()

    # ------------------------------------------------------------------ values
    @property
    def schedules(self) -> list[Schedule]:
        """The lr schedule of each param group."""
        return list(self.lr_lambdas)  # type: ignore[arg-type]

    def get_lr(self) -> list[float | torch.Tensor]:
        """The lr of every param group at ``last_epoch``: ``s(k)`` or ``base_lr * s(k)``."""
        k = self.last_epoch
        if self.mode == "multiply":
            return [base * s(k) for base, s in zip(self.base_lrs, self.schedules, strict=True)]
        return [s(k) for s in self.schedules]

    def _check_end(self, step: int) -> None:
        if not self.strict:
            return
        named = [("lr", s) for s in self.schedules]
        named += [(key, s) for key, ss in self.hyperparams.items() for s in ss]
        for key, s in named:
            end = s.length
            if end is not None and step > end:
                raise ValueError(
                    f"{_API}.step(): step {step} is past the end of the {key} schedule {s!r}, whose "
                    f"length is {end} (strict=True). Hint: lengthen the schedule, or pass "
                    "strict=False to hold its final value."
                )

    def _write(self, k: int) -> None:
        """Write every group's values at step ``k`` (lr in place for tensors) and ``_last_lr``."""
        multiply = self.mode == "multiply"
        last: list[float | torch.Tensor] = []
        for i, (group, s) in enumerate(zip(self.optimizer.param_groups, self.lr_lambdas, strict=True)):
            value = self.base_lrs[i] * s(k) if multiply else s(k)
            lr = group["lr"]
            if isinstance(lr, torch.Tensor):
                lr.fill_(value)
                last.append(lr.clone())
            else:
                group["lr"] = value
                last.append(value)
        self._last_lr = last
        if self.hyperparams:
            self._apply_hyperparams()

    def _fast_step(self) -> None:
        """The per-iteration ``step()``: what torch's ``LRScheduler.step`` does for it (count,
        advance, write each group's lr in place, record ``_last_lr``), without its general
        machinery (the first-step warnings are checked only at ``_step_count == 1``, which never
        takes this path)."""
        self._step_count += 1
        k = self.last_epoch = self.last_epoch + 1
        multiply = self.mode == "multiply"
        last: list[float | torch.Tensor] = []
        for i, (group, s) in enumerate(zip(self.optimizer.param_groups, self.lr_lambdas, strict=True)):
            value = self.base_lrs[i] * s(k) if multiply else s(k)
            lr = group["lr"]
            if isinstance(lr, torch.Tensor):
                lr.fill_(value)
                last.append(lr.clone())
            else:
                group["lr"] = value
                last.append(value)
        self._last_lr = last

    def _apply_hyperparams(self) -> None:
        k = self.last_epoch
        for key, schedules in self.hyperparams.items():
            for group, s in zip(self.optimizer.param_groups, schedules, strict=True):
                _set(group, key, s(k))

    def step(self, epoch: int | None = None) -> None:
        """Advance one step (or, deprecated in torch, jump to ``epoch``) and write the new values.

        With ``clock="optimizer"`` the step is the number of optimizer updates applied (the
        optimizer's step hook has written their values already): this only records it.
        """
        if torch.compiler.is_compiling():
            self._step_outside_graph(epoch)
            return
        if self.clock == "optimizer":
            if epoch is not None:
                raise ValueError(
                    f"{_API}.step(): epoch must be None with clock='optimizer' (the optimizer "
                    f"counts the steps), got {_describe(epoch)}."
                )
            self._step_count += 1
            if self._step_count == 1 or self.last_epoch != self._updates:
                self._check_end(self._updates)
                self.last_epoch = self._updates
                self._write(self._updates)
            return
        if epoch is None and self._step_count > 1 and not self.strict and not self.hyperparams:
            self._fast_step()
            return
        target = self.last_epoch + 1 if epoch is None else epoch
        self._check_end(target)
        super().step(epoch)
        self._apply_hyperparams()

    @torch._dynamo.disable  # type: ignore[untyped-decorator]
    def _step_outside_graph(self, epoch: int | None) -> None:
        # Under torch.compile the step runs eagerly, as torch's own schedulers do (dynamo skips
        # torch/optim/lr_scheduler.py): no graph, no recompilation as the step count changes,
        # and the values are the eager ones to the bit.
        self.step(epoch)

    def lightning_config(self) -> dict[str, Any]:
        """Lightning's scheduler dict for this scheduler, stepped after every optimizer step.

        Return it from ``configure_optimizers``:
        ``{"optimizer": opt, "lr_scheduler": sched.lightning_config()}``. Lightning's default
        (a bare scheduler, or ``"interval": "epoch"``) would step the curve once per *epoch*.
        """
        return {"scheduler": self, "interval": "step", "frequency": 1}

    # ------------------------------------------------------------------ the optimizer clock
    def _register_hook(self) -> None:
        self._hook = self.optimizer.register_step_post_hook(self._on_optimizer_step)

    def _on_optimizer_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        """The optimizer's step hook (``clock="optimizer"``): one more update was applied, so
        the next one uses ``s(updates)``. Lean: it runs once per update."""
        if torch.compiler.is_compiling():
            self._count_outside_graph()
            return
        k = self._updates + 1
        if self.strict:
            self._check_end(k)
        self._updates = self.last_epoch = k
        self._write(k)

    @torch._dynamo.disable  # type: ignore[untyped-decorator]
    def _count_outside_graph(self) -> None:
        self._on_optimizer_step(None, None, None)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_hook"] = None  # the optimizer's hooks are not pickled with it: registered again
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self.clock == "optimizer":
            self._register_hook()

    # ------------------------------------------------------------------ state
    def state_dict(self) -> dict[str, Any]:
        """The scheduler's state, with the schedules as data (``to_dict``), never as functions.

        Holds only Python numbers, strings, lists, dicts and (for tensor lrs) tensors, so
        ``torch.load(path, weights_only=True)`` reads it back.
        """
        state = {key: value for key, value in self.__dict__.items() if key in _TORCH_KEYS}
        state["lr_curves"] = {
            "version": _STATE_VERSION,
            "mode": self.mode,
            "strict": self.strict,
            "clock": self.clock,
            "updates": self._updates,
            "schedules": [s.to_dict() for s in self.schedules],
            "hyperparams": {k: [s.to_dict() for s in ss] for k, ss in self.hyperparams.items()},
        }
        return state

    def _validated(self, state_dict: Any) -> dict[str, Any]:
        """Every field of a state checked (type, range), or a ValueError naming the key."""
        if not isinstance(state_dict, Mapping) or "lr_curves" not in state_dict:
            raise ValueError(
                f"{_API}.load_state_dict(): expected a state from lr_curves' LambdaLR.state_dict(), "
                f"got a {type(state_dict).__name__} without an 'lr_curves' entry. Hint: a state "
                "from torch's own LambdaLR holds no schedules."
            )
        for key in state_dict:
            if key != "lr_curves" and key not in _TORCH_KEYS:
                raise _bad(str(key), "absent (not a key of a scheduler state)", state_dict[key])
        groups = self.optimizer.param_groups
        n = len(groups)
        out: dict[str, Any] = {}
        if "last_epoch" not in state_dict:
            raise _bad("last_epoch", "present (the step to resume from)", None)
        out["last_epoch"] = _int(state_dict, "last_epoch", 0)
        if "_step_count" in state_dict:
            out["_step_count"] = _int(state_dict, "_step_count", 0)
        for key in ("_is_initial", "_get_lr_called_within_step", "verbose"):
            if key in state_dict:
                if not isinstance(state_dict[key], bool):
                    raise _bad(key, "a bool", state_dict[key])
                out[key] = state_dict[key]
        ours = state_dict["lr_curves"]
        if not isinstance(ours, Mapping):
            raise _bad("lr_curves", "a dict", ours)
        version = ours.get("version")
        if version not in (1, _STATE_VERSION) or isinstance(version, bool):
            raise ValueError(
                f"{_API}.load_state_dict(): state version must be {_STATE_VERSION}, got {_describe(version)}."
            )
        where = "lr_curves."
        if ours.get("mode") not in _MODES:
            raise _bad(where + "mode", "'absolute' or 'multiply'", ours.get("mode"))
        if not isinstance(ours.get("strict"), bool):
            raise _bad(where + "strict", "a bool", ours.get("strict"))
        clock = ours.get("clock", "scheduler")
        if clock not in _CLOCKS:
            raise _bad(where + "clock", "'scheduler' or 'optimizer'", clock)
        updates = _int(ours, "updates", 0, where) if "updates" in ours else out["last_epoch"]
        raw = ours.get("schedules")
        if not isinstance(raw, list):
            raise _bad(where + "schedules", "a list of schedule dicts (one per param group)", raw)
        if len(raw) != n:
            raise ValueError(
                f"{_API}.load_state_dict(): the state has {len(raw)} schedules but the "
                f"optimizer has {n} param groups."
            )
        # lr_curves.function nodes are saved by name: their code is the one this scheduler holds
        held: list[Schedule] = [*self.lr_lambdas, *(s for ss in self.hyperparams.values() for s in ss)]  # type: ignore[list-item]
        fns = functions_in(*held)
        schedules = [_schedule_data(d, f"lr_curves.schedules[{i}]", fns) for i, d in enumerate(raw)]
        hp = ours.get("hyperparams", {})
        if not isinstance(hp, Mapping):
            raise _bad(where + "hyperparams", "a dict of param-group key -> list of schedules", hp)
        extra: dict[str, list[Schedule]] = {}
        for key, ds in hp.items():
            _check_key(key, groups)
            if not isinstance(ds, list) or len(ds) != n:
                raise _bad(f"{where}hyperparams.{key}", f"a list of {n} schedule dicts", ds)
            extra[key] = [
                _schedule_data(d, f"lr_curves.hyperparams.{key}[{i}]", fns) for i, d in enumerate(ds)
            ]
        base = _list_of(state_dict, "base_lrs", n) if "base_lrs" in state_dict else list(self.base_lrs)
        last_lr = _list_of(state_dict, "_last_lr", n) if "_last_lr" in state_dict else None
        out["base_lrs"] = base
        if last_lr is not None:
            out["_last_lr"] = last_lr
        return {
            "torch": out,
            "mode": ours["mode"],
            "strict": ours["strict"],
            "clock": clock,
            "updates": updates,
            "schedules": schedules,
            "hyperparams": extra,
            "raw": (raw, hp),
        }

    def _differences(self, loaded: dict[str, Any]) -> list[str]:
        lines = []
        raw, hp = loaded["raw"]
        lines += _diff_lines("lr", raw, [s.to_dict() for s in self.schedules])
        for key in sorted(set(hp) | set(self.hyperparams)):
            if key not in self.hyperparams:
                lines.append(f"hyperparams[{key!r}]: scheduled in the checkpoint, not now")
            elif key not in hp:
                lines.append(f"hyperparams[{key!r}]: not scheduled in the checkpoint, scheduled now")
            else:
                lines += _diff_lines(f"{key}", hp[key], [s.to_dict() for s in self.hyperparams[key]])
        for name, now in (("mode", self.mode), ("clock", self.clock)):
            if loaded[name] != now:
                lines.append(f"{name}: {loaded[name]!r} in the checkpoint, {now!r} now")
        return lines

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state from :meth:`state_dict`, then write its step's values into the optimizer.

        Every field is checked first (a ``ValueError`` naming the key, nothing stored). When the
        checkpoint's schedules, mode or clock differ from the constructor's, ``on_mismatch``
        decides: ``"error"`` raises a ``ValueError`` listing the differences, ``"checkpoint"``
        takes the checkpoint's, ``"new"`` keeps the constructor's and continues from the
        restored step. The values at the restored step are written into the param groups at
        once, so the order of ``optimizer.load_state_dict`` and this call does not matter.
        """
        loaded = self._validated(state_dict)
        groups = self.optimizer.param_groups
        differences = self._differences(loaded)
        policy = self.on_mismatch
        if differences and policy == "error":
            step = loaded["updates"] if loaded["clock"] == "optimizer" else loaded["torch"]["last_epoch"]
            shown = differences[:12] + (
                [f"... and {len(differences) - 12} more"] if len(differences) > 12 else []
            )
            raise ValueError(
                f"{_API}.load_state_dict(): the checkpoint's schedules differ from the ones given "
                "to the constructor:\n  "
                + "\n  ".join(shown)
                + f'\nPass on_mismatch="new" to LambdaLR(...) to continue from step {step} on the '
                "constructor's schedules (see lr_curves.retarget to extend a plan), or "
                'on_mismatch="checkpoint" to continue on the checkpoint\'s.'
            )
        self.__dict__.update(loaded["torch"])
        if policy == "checkpoint":
            self.lr_lambdas = list(loaded["schedules"])
            self.hyperparams = loaded["hyperparams"]
            self.mode = loaded["mode"]
            self.strict = loaded["strict"]
            clock = loaded["clock"]
        else:
            clock = self.clock
        self._updates = loaded["updates"]
        if clock == "optimizer":
            self.last_epoch = self._updates
        if clock != self.clock or (clock == "optimizer" and self._hook is None):
            if self._hook is not None:
                self._hook.remove()
                self._hook = None
            self.clock = clock
            if clock == "optimizer":
                self._register_hook()
        for group, lr in zip(groups, self.get_lr(), strict=True):
            _set(group, "lr", lr)
        self._apply_hyperparams()
        self._last_lr = [g["lr"].clone() if isinstance(g["lr"], torch.Tensor) else g["lr"] for g in groups]
