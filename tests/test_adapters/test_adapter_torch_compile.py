"""torch.compile: the PyTorch tutorial pattern with every primitive and combinator.

The pattern (the "compiled optimizer with an LR scheduler" tutorial): the optimizer holds
``lr=torch.tensor(0.01)`` and one compiled function calls ``opt.step(); sched.step()``. Torch's
own schedulers run their ``step()`` outside the graph (dynamo skips ``lr_scheduler.py``); the
adapter does the same, so it compiles as few graphs as they do (one for 16 steps) and its values
are the eager ones to the bit. Graph counts: ``torch._dynamo.utils.counters``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest
import torch
from torch._dynamo.utils import counters

import lr_curves as lrc
from lr_curves.adapters.torch import LambdaLR

#: Every primitive and combinator, over 16 steps with something happening inside them.
SCHEDULES: dict[str, lrc.Schedule] = {
    "constant": lrc.constant(0.1),
    "linear": lrc.linear(0.1, 0.0, 12),
    "cosine": lrc.cosine(0.1, 12, floor=0.001),
    "exponential": lrc.exponential(0.1, 0.9),
    "polynomial": lrc.polynomial(0.1, 0.001, 12, power=2.0),
    "piecewise_constant": lrc.piecewise_constant([0.1, 0.05, 0.01], at=[4, 9]),
    "multistep": lrc.multistep(0.1, 0.1, [4, 9]),
    "piecewise_linear": lrc.piecewise_linear([0.0, 0.1, 0.01], at=[0, 4, 14]),
    "piecewise_cosine": lrc.piecewise_cosine([0.004, 0.1, 1e-5], at=[0, 4, 14]),
    "inverse_sqrt": lrc.inverse_sqrt(0.1, 3),
    "inverse_time": lrc.inverse_time(0.1, 0.5, 2, staircase=True),
    "tanh": lrc.tanh(0.1, 12, floor=1e-4),
    "triangle": lrc.triangle(0.001, 0.1, 3),
    "cooldown": lrc.cooldown(0.1, 0.0, 12, "1-sqrt"),
    "warmup": lrc.warmup(lrc.cosine(0.1, 10), 4),
    "concat": lrc.concat(lrc.linear(0.0, 0.1, 4), lrc.constant(0.1), lrc.cosine(0.1, 6), at=[4, 8]),
    "restart": lrc.restart(lrc.cosine(0.1, 3, floor=0.001), growth=2, decay=0.5),
    "scale": lrc.scale(lrc.cosine(1.0, 12), 0.1),
    "add": lrc.add(lrc.cosine(0.05, 12), lrc.constant(0.05)),
    "clip": lrc.clip(lrc.exponential(0.2, 0.8), 0.01, 0.1),
    "shift": lrc.shift(lrc.cosine(0.1, 10), 3),
    "stretch": lrc.stretch(lrc.cosine(0.1, 5), 2.5, staircase=True),
    "retarget": lrc.retarget(lrc.warmup(lrc.cosine(0.1, 8), 2), 5, 14),
}
N = 16


def _tutorial_run(
    make_sched: Callable[[torch.optim.Optimizer], object], compiled: bool, backend: str = "eager"
) -> tuple[list[float], list[float], int]:
    """lr used by each of N updates, the weights after them, and the number of graphs."""
    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.ones(3))
    opt = torch.optim.SGD([w], lr=torch.tensor(0.01))
    sched = make_sched(opt)

    def fn() -> None:
        opt.step()
        sched.step()  # type: ignore[attr-defined]

    step = torch.compile(fn, backend=backend) if compiled else fn
    counters.clear()
    torch._dynamo.reset()
    used = []
    for _ in range(N):
        used.append(opt.param_groups[0]["lr"].item())
        w.grad = torch.ones(3)
        step()
    return used, w.detach().tolist(), int(counters["stats"]["unique_graphs"])


@pytest.mark.parametrize("name", SCHEDULES)
def test_tutorial_pattern_compiles_once_and_equals_eager(name: str) -> None:
    s = SCHEDULES[name]

    def make(opt: torch.optim.Optimizer) -> LambdaLR:
        return LambdaLR(opt, s, mode="absolute")

    eager_used, eager_w, _ = _tutorial_run(make, compiled=False)
    used, weights, graphs = _tutorial_run(make, compiled=True)
    assert used == eager_used
    assert weights == eager_w
    assert used == [torch.tensor(s(k), dtype=torch.float32).item() for k in range(N)]
    assert graphs == 1  # torch's own CosineAnnealingLR, ExponentialLR, ... compile 1


@pytest.mark.parametrize(
    "make_torch",
    [
        pytest.param(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 12), id="CosineAnnealingLR"),
        pytest.param(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9), id="ExponentialLR"),
        pytest.param(lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [4, 9]), id="MultiStepLR"),
        pytest.param(lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda k: 0.9**k), id="LambdaLR"),
    ],
)
def test_torch_own_schedulers_compile_one_graph_too(
    make_torch: Callable[[torch.optim.Optimizer], object],
) -> None:
    # The reference the adapter is held to (if torch changes this, the bar above moves).
    assert _tutorial_run(make_torch, compiled=True)[2] == 1


@pytest.mark.parametrize("name", ["cosine", "concat", "restart"])
def test_tutorial_pattern_with_inductor(name: str) -> None:
    # The reported failure: inductor generated C++ calling `math` for a cosine of a symbolic step.
    s = SCHEDULES[name]

    def make(opt: torch.optim.Optimizer) -> LambdaLR:
        return LambdaLR(opt, s, mode="absolute")

    eager_used, eager_w, _ = _tutorial_run(make, compiled=False)
    used, weights, graphs = _tutorial_run(make, compiled=True, backend="inductor")
    assert used == eager_used
    assert weights == pytest.approx(eager_w, rel=1e-6)  # inductor's fused SGD update
    assert graphs == 1


def test_optimizer_clock_under_compile_counts_every_compiled_update() -> None:
    s = SCHEDULES["warmup"]

    def make(opt: torch.optim.Optimizer) -> LambdaLR:
        return LambdaLR(opt, s, mode="absolute", clock="optimizer")

    eager_used, eager_w, _ = _tutorial_run(make, compiled=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        used, weights, graphs = _tutorial_run(make, compiled=True)
    assert used == eager_used == [torch.tensor(s(k), dtype=torch.float32).item() for k in range(N)]
    assert weights == eager_w
    assert graphs == 1  # the post-hook runs eagerly, after the compiled update


@pytest.mark.parametrize("name", ["cosine", "warmup", "restart"])
def test_fully_compiled_train_step_computes_the_lr_from_a_step_tensor(name: str) -> None:
    s = SCHEDULES[name]
    w = torch.nn.Parameter(torch.ones(3))

    @torch.compile(fullgraph=True, backend="eager")
    def train_step(step: torch.Tensor) -> torch.Tensor:
        lr = s(step)
        with torch.no_grad():
            w.sub_(lr * torch.ones(3))
        return lr

    counters.clear()
    torch._dynamo.reset()
    got = [float(train_step(torch.tensor(float(k), dtype=torch.float64))) for k in range(N)]
    assert got == pytest.approx([s(k) for k in range(N)], rel=1e-15)
    assert counters["stats"]["unique_graphs"] == 1


def test_a_symbolic_int_step_in_user_code_takes_the_array_path() -> None:
    s = SCHEDULES["cosine"]
    symbolic_math: list[str] = []

    def backend(gm: torch.fx.GraphModule, example_inputs: list[torch.Tensor]) -> Callable[..., object]:
        for node in gm.graph.nodes:
            name = getattr(node.target, "__name__", str(node.target))
            if node.op == "call_function" and (name.startswith("_sym_") or "math" in str(node.target)):
                symbolic_math.append(name)
        return gm.forward

    @torch.compile(backend=backend)
    def f(x: torch.Tensor, k: int) -> torch.Tensor:
        return x * s(k)

    torch._dynamo.reset()
    x = torch.ones(2, dtype=torch.float64)
    got = [f(x, k)[0].item() for k in range(6)]  # from the 2nd or 3rd call on, k is a SymInt
    assert got == pytest.approx([s(k) for k in range(6)], rel=1e-15)
    assert symbolic_math == []
