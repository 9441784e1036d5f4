"""Runs beyond one device, each in its own process tree (see test_adapter_distributed.py).

``python distributed_loops.py ddp OUTDIR PORT``: 2 torch processes (gloo, 127.0.0.1), DDP, the
adapter; rank 0 writes a checkpoint half-way, every rank resumes from it into fresh objects.
Each rank writes ``rank{r}.json``: the lr read before every update, the lr each update used
(from the weights) and the final weights.

``python distributed_loops.py jax``: 4 forced host devices (XLA_FLAGS set by the caller), the
parameters sharded over them, the optax adapter under ``jax.jit``. Prints JSON: per step, the
lr seen on every shard of the lr and the update of every shard of the parameters.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import sys
from typing import Any

import lr_curves as lrc

S = lrc.warmup(lrc.restart(lrc.cosine(0.1, 3, floor=0.01)), 2)
N = 10
HALF = 5


def _ddp_worker(rank: int, world: int, outdir: str, port: int) -> None:
    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    from lr_curves.adapters.torch import LambdaLR

    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    os.environ["GLOO_SOCKET_IFNAME"] = "lo"  # the loopback interface only, never the network
    timeout = datetime.timedelta(seconds=60)
    dist.init_process_group("gloo", rank=rank, world_size=world, timeout=timeout)
    out = pathlib.Path(outdir)

    def fresh() -> tuple[Any, Any, LambdaLR]:
        model = torch.nn.Linear(1, 1, bias=False, dtype=torch.float64)
        torch.nn.init.zeros_(model.weight)
        ddp = DistributedDataParallel(model)
        opt = torch.optim.SGD(ddp.parameters(), lr=1.0)
        return ddp, opt, LambdaLR(opt, S)

    ddp, opt, sched = fresh()
    x = torch.ones(1, 1, dtype=torch.float64)
    read: list[float] = []
    weights = [0.0]
    for k in range(N):
        if k == HALF:
            path = out / "ckpt.pt"
            if rank == 0:
                torch.save(
                    {"model": ddp.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict()}, path
                )
            dist.monitored_barrier(timeout=timeout)  # a rank that died is an error, not a hang
            ddp, opt, sched = fresh()
            ckpt = torch.load(path)  # weights_only: the scheduler's state is data
            ddp.load_state_dict(ckpt["model"])
            opt.load_state_dict(ckpt["opt"])
            sched.load_state_dict(ckpt["sched"])
        read.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        (-(rank + 1.0) * ddp(x)).sum().backward()  # gradients differ per rank; DDP averages them
        opt.step()
        sched.step()
        weights.append(ddp.module.weight.item())
    (out / f"rank{rank}.json").write_text(json.dumps({"read": read, "weights": weights}))
    dist.destroy_process_group()


def _ddp_guarded(rank: int, world: int, outdir: str, port: int) -> None:
    try:
        _ddp_worker(rank, world, outdir, port)
    except BaseException as exc:  # end this rank at once: its peer's collectives then fail fast
        print(f"rank {rank}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        os._exit(1)


def ddp(outdir: str, port: int) -> None:
    import torch.multiprocessing as mp

    mp.spawn(_ddp_guarded, args=(2, outdir, port), nprocs=2, join=True)


def jax_sharded() -> None:
    import jax
    import jax.numpy as jnp
    import numpy as np
    import optax
    from jax.sharding import Mesh, NamedSharding, PartitionSpec

    from lr_curves.adapters.optax import schedule

    devices = jax.devices()
    mesh = Mesh(np.array(devices), ("x",))
    sharded = NamedSharding(mesh, PartitionSpec("x"))
    params = {"w": jax.device_put(jnp.zeros(8, jnp.float32), sharded)}
    tx = optax.inject_hyperparams(optax.sgd)(learning_rate=schedule(S))
    state = tx.init(params)

    @jax.jit
    def update(params: Any, state: Any) -> tuple[Any, Any]:
        grads = jax.grad(lambda p: -jnp.sum(p["w"]))(params)  # d loss / d w = -1 everywhere
        updates, state = tx.update(grads, state, params)
        return optax.apply_updates(params, updates), state

    rows = []
    for _ in range(N):
        before = [np.asarray(s.data) for s in params["w"].addressable_shards]
        params, state = update(params, state)
        after = [np.asarray(s.data) for s in params["w"].addressable_shards]
        lr = state.hyperparams["learning_rate"]  # the value this update used
        rows.append(
            {
                "lr": [float(np.asarray(s.data)) for s in lr.addressable_shards],
                "moves": [(a - b).tolist() for a, b in zip(after, before, strict=True)],
                "devices_of_w": sorted(s.device.id for s in params["w"].addressable_shards),
            }
        )
    out = {"devices": len(devices), "shards": len(params["w"].addressable_shards), "rows": rows}
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "ddp":
        ddp(sys.argv[2], int(sys.argv[3]))
    else:
        jax_sharded()
