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
#: Version of the ``state_dict`` layout written by :meth:`LambdaLR.state_dict`.
_STATE_VERSION = 1
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


class LambdaLR(_TorchLambdaLR):
    """A torch ``LambdaLR`` whose lr (and optionally other hyperparameters) follow schedules.

    With ``mode="absolute"`` (default), after ``k`` calls of :meth:`step` the lr of param group
    ``g`` is ``schedules[g](k)``: the schedule's own values, whatever lr the optimizer was built
    with. With ``mode="multiply"`` it is ``base_lr[g] * schedules[g](k)`` as in torch's
    ``LambdaLR`` (each group keeps its own base lr: layer-wise lr decay with one shared curve).

    ``hyperparams`` drives other param-group keys with absolute values: ``{"momentum": s}``
    (on Adam-style groups without ``momentum`` it drives ``betas[0]``, as ``OneCycleLR`` does),
    ``{"betas[0]": s}``, ``{"weight_decay": s}``, ... Tensor-valued entries (``capturable``
    optimizers, ``torch.compile``) are written in place with ``fill_``, so a compiled step sees
    the same tensor with a new value and does not recompile.

    Args:
        optimizer: The wrapped optimizer.
        schedule: One :class:`~lr_curves.Schedule` for every param group, or a list with one per
            group.
        mode: ``"absolute"`` or ``"multiply"`` (see above).
        hyperparams: Other param-group keys to drive: key -> schedule or list of schedules.
        strict: If true, stepping past the declared end (``Schedule.length``) of any schedule
            raises ``ValueError`` (a run longer than its schedule is usually a config mistake).
            Reaching the end (``k == length``) is allowed.
        last_epoch: As in torch: ``-1`` for a fresh start.

    Raises:
        TypeError: ``schedule`` (or a hyperparams value) is not a Schedule or a list of them.
        ValueError: a list whose length differs from the number of param groups, an unknown
            ``mode``, a hyperparams key the param groups lack, or (``strict``) a step past the end.

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
        mode: str = "absolute",
        hyperparams: Mapping[str, Schedule | Sequence[Schedule]] | None = None,
        strict: bool = False,
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise TypeError(
                f"{_API}(): optimizer must be a torch.optim.Optimizer, got {_describe(optimizer)} "
                f"({type(optimizer).__name__})."
            )
        if mode not in _MODES:
            raise ValueError(f"{_API}(): mode must be 'absolute' or 'multiply', got {_describe(mode)}.")
        if not isinstance(strict, bool):
            raise TypeError(
                f"{_API}(): strict must be a bool, got {_describe(strict)} ({type(strict).__name__})."
            )
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
        self.mode = mode
        self.strict = strict
        self.hyperparams = extra
        # torch's base __init__ takes its first step here: lr (and hyperparams) at step 0.
        super().__init__(optimizer, list(schedules), last_epoch=last_epoch)

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
        """Advance one step (or, deprecated in torch, jump to ``epoch``) and write the new values."""
        if epoch is None and self._step_count > 1 and not self.strict and not self.hyperparams:
            self._fast_step()
            return
        target = self.last_epoch + 1 if epoch is None else epoch
        self._check_end(target)
        super().step(epoch)
        self._apply_hyperparams()

    # ------------------------------------------------------------------ state
    def state_dict(self) -> dict[str, Any]:
        """The scheduler's state, with the schedules as data (``to_dict``), never as functions.

        Holds only Python numbers, strings, lists, dicts and (for tensor lrs) tensors, so
        ``torch.load(path, weights_only=True)`` reads it back.
        """
        state = {
            key: value
            for key, value in self.__dict__.items()
            if key not in ("optimizer", "lr_lambdas", "hyperparams", "mode", "strict")
        }
        state["lr_curves"] = {
            "version": _STATE_VERSION,
            "mode": self.mode,
            "strict": self.strict,
            "schedules": [s.to_dict() for s in self.schedules],
            "hyperparams": {k: [s.to_dict() for s in ss] for k, ss in self.hyperparams.items()},
        }
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state from :meth:`state_dict`, then write its step's values into the optimizer.

        The schedules come from the checkpoint (they are part of the state). The values at the
        restored step are written into the param groups at once, so the order of
        ``optimizer.load_state_dict`` and this call does not matter. A schedule built with
        :func:`lr_curves.function` is saved by its name; loading resolves the name against the
        functions this scheduler was built with (build it with the same function, as torch's own
        ``LambdaLR`` needs the same lambdas).
        """
        if not isinstance(state_dict, Mapping) or "lr_curves" not in state_dict:
            raise ValueError(
                f"{_API}.load_state_dict(): expected a state from lr_curves' LambdaLR.state_dict(), "
                f"got a {type(state_dict).__name__} without an 'lr_curves' entry. Hint: a state "
                "from torch's own LambdaLR holds no schedules."
            )
        ours = state_dict["lr_curves"]
        if ours.get("version") != _STATE_VERSION:
            raise ValueError(
                f"{_API}.load_state_dict(): state version must be {_STATE_VERSION}, got "
                f"{_describe(ours.get('version'))}."
            )
        groups = self.optimizer.param_groups
        # lr_curves.function nodes are saved by name: their code is the one this scheduler holds
        held: list[Schedule] = [*self.lr_lambdas, *(s for ss in self.hyperparams.values() for s in ss)]  # type: ignore[list-item]
        fns = functions_in(*held)
        schedules = [from_dict(d, functions=fns) for d in ours["schedules"]]
        if len(schedules) != len(groups):
            raise ValueError(
                f"{_API}.load_state_dict(): the state has {len(schedules)} schedules but the "
                f"optimizer has {len(groups)} param groups."
            )
        extra = {k: [from_dict(d, functions=fns) for d in ds] for k, ds in ours["hyperparams"].items()}
        for key in extra:
            _check_key(key, groups)
        rest = {k: v for k, v in state_dict.items() if k not in ("lr_curves", "lr_lambdas")}
        self.__dict__.update(rest)
        self.lr_lambdas = list(schedules)
        self.mode = ours["mode"]
        self.strict = ours["strict"]
        self.hyperparams = extra
        for group, lr in zip(groups, self.get_lr(), strict=True):
            _set(group, "lr", lr)
        self._apply_hyperparams()
        self._last_lr = [g["lr"].clone() if isinstance(g["lr"], torch.Tensor) else g["lr"] for g in groups]
