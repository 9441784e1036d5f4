"""Tiny real training loops, one per framework, that record the lr every update actually used.

Every loop trains one weight ``w`` (starting at 0) with plain SGD on a loss whose gradient with
respect to ``w`` is ``-1``, so the ``k``-th update moves ``w`` by exactly the lr it used:
``used[k] = w[k+1] - w[k]``. Each loop also records the lr the framework reports, and can stop
after ``interrupt_at`` updates, save a checkpoint to disk, restore it into fresh objects and
finish. Results are plain lists of floats.

The Keras loop runs on whatever backend ``KERAS_BACKEND`` names; :func:`main` runs one loop and
prints JSON, for a subprocess with another backend.
"""

from __future__ import annotations

import itertools
import json
import pathlib
import sys
from typing import Any

import numpy as np

import lr_curves as lrc


def _used(weights: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(weights)]


# ----------------------------------------------------------------------------------------- torch
def torch_loop(
    s: lrc.Schedule, n: int, workdir: pathlib.Path, interrupt_at: int | None = None
) -> dict[str, Any]:
    """lr read from the param group before each update, and the lr each update used."""
    import torch

    from lr_curves.adapters.torch import LambdaLR

    def fresh() -> tuple[torch.nn.Linear, torch.optim.SGD, LambdaLR]:
        model = torch.nn.Linear(1, 1, bias=False, dtype=torch.float64)
        torch.nn.init.zeros_(model.weight)
        opt = torch.optim.SGD(model.parameters(), lr=1.0)
        return model, opt, LambdaLR(opt, s)

    model, opt, sched = fresh()
    x = torch.ones(1, 1, dtype=torch.float64)
    read: list[float] = []
    weights = [model.weight.item()]
    for k in range(n):
        if k == interrupt_at:
            path = workdir / "torch.pt"
            torch.save(
                {"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict()}, path
            )
            del model, opt, sched
            model, opt, sched = fresh()
            ckpt = torch.load(path)
            model.load_state_dict(ckpt["model"])
            opt.load_state_dict(ckpt["opt"])
            sched.load_state_dict(ckpt["sched"])
        read.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        loss = (1000.0 - model(x)).abs().mean()  # d loss / d w = -1 while w < 1000
        loss.backward()
        opt.step()
        sched.step()
        weights.append(model.weight.item())
    return {"read": read, "used": _used(weights)}


# ----------------------------------------------------------------------------------------- keras
def keras_loop(
    s: lrc.Schedule, n: int, workdir: pathlib.Path, interrupt_at: int | None = None
) -> dict[str, Any]:
    """lr read from ``optimizer.learning_rate`` before each batch, and the lr each batch used."""
    import keras

    from lr_curves.adapters.keras import LearningRateSchedule

    read: list[float] = []
    weights: list[float] = [0.0]

    class Log(keras.callbacks.Callback):  # type: ignore[misc]
        def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
            read.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            weights.append(float(self.model.get_weights()[0].ravel()[0]))

    model = keras.Sequential(
        [keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=LearningRateSchedule(s)), loss="mean_absolute_error"
    )
    x = np.ones((n, 1), "float32")
    y = np.full((n, 1), 1000.0, "float32")
    first = n if interrupt_at is None else interrupt_at
    model.fit(x[:first], y[:first], batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[Log()])
    if interrupt_at is not None:
        path = workdir / "m.keras"
        model.save(path)
        del model
        keras.backend.clear_session()
        model = keras.models.load_model(path)  # no custom_objects
        model.fit(x[first:], y[first:], batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[Log()])
    return {"read": read, "used": _used(weights), "backend": keras.backend.backend()}


def keras_resume(path: pathlib.Path, n_more: int) -> dict[str, Any]:
    """Load a ``.keras`` file in this (fresh) process and train ``n_more`` batches."""
    import keras

    import lr_curves.adapters.keras  # noqa: F401  (registers the class; no custom_objects)

    model = keras.models.load_model(path)
    read: list[float] = []
    weights = [float(model.get_weights()[0].ravel()[0])]

    class Log(keras.callbacks.Callback):  # type: ignore[misc]
        def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
            read.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            weights.append(float(self.model.get_weights()[0].ravel()[0]))

    x = np.ones((n_more, 1), "float32")
    y = np.full((n_more, 1), 1000.0, "float32")
    model.fit(x, y, batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[Log()])
    return {"read": read, "used": _used(weights), "backend": keras.backend.backend()}


# ----------------------------------------------------------------------------------------- optax
def optax_loop(
    s: lrc.Schedule, n: int, workdir: pathlib.Path, interrupt_at: int | None = None
) -> dict[str, Any]:
    """lr reported by ``inject_hyperparams`` after each update, and the lr each update used."""
    import jax
    import jax.numpy as jnp
    import optax

    from lr_curves.adapters.optax import schedule

    tx = optax.inject_hyperparams(optax.sgd)(learning_rate=schedule(s))

    def loss(params: dict[str, jax.Array]) -> jax.Array:
        return -params["w"]  # d loss / d w = -1

    @jax.jit
    def update(params: Any, state: Any) -> tuple[Any, Any]:
        grads = jax.grad(loss)(params)
        updates, state = tx.update(grads, state, params)
        return optax.apply_updates(params, updates), state

    params = {"w": jnp.zeros((), jnp.float32)}
    state = tx.init(params)
    reported: list[float] = []
    weights = [float(params["w"])]
    for k in range(n):
        if k == interrupt_at:
            path = workdir / "optax.npz"
            leaves = jax.tree.leaves(jax.device_get((params, state)))
            np.savez(path, *leaves)
            fresh_params = {"w": jnp.zeros((), jnp.float32)}
            treedef = jax.tree.structure((fresh_params, tx.init(fresh_params)))
            with np.load(path) as data:
                loaded = [jnp.asarray(data[f"arr_{i}"]) for i in range(len(data.files))]
            params, state = jax.tree.unflatten(treedef, loaded)
        params, state = update(params, state)
        reported.append(float(state.hyperparams["learning_rate"]))  # the value this update used
        weights.append(float(params["w"]))
    return {"read": reported, "used": _used(weights)}


def main() -> None:
    """``python -c 'import adapter_loops; adapter_loops.main()' keras|keras-resume ARGS``: JSON out."""
    what = sys.argv[1]
    if what == "keras":  # keras SCHEDULE N INTERRUPT_AT WORKDIR: a plain and an interrupted run
        s = lrc.parse(sys.argv[2])
        n, interrupt, workdir = int(sys.argv[3]), int(sys.argv[4]), pathlib.Path(sys.argv[5])
        out = {"plain": keras_loop(s, n, workdir), "interrupted": keras_loop(s, n, workdir, interrupt)}
    else:  # keras-resume PATH N_MORE
        out = keras_resume(pathlib.Path(sys.argv[2]), int(sys.argv[3]))
    print(json.dumps(out))
