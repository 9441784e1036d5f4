"""``import lr_curves`` stays light: no ML framework is imported, ever."""

from __future__ import annotations

import subprocess
import sys

import pytest

FRAMEWORKS = [
    "torch",
    "jax",
    "jaxlib",
    "tensorflow",
    "keras",
    "optax",
    "transformers",
    "timm",
    "fvcore",
    "detectron2",
    "matplotlib",
    "mmengine",
    "paddle",
    "fairseq",
    "composer",
    "deepspeed",
    "megatron",
    "nemo",
    "yaml",
]

CODE = """
import sys
import lr_curves as lrc
import numpy as np
s = lrc.warmup(lrc.restart(lrc.cosine(1.0, 100), growth=2), 10)
s(5); s(5.5); s(np.arange(10)); lrc.parse(repr(s)); lrc.from_dict(s.to_dict())
{extra}
print(",".join(sorted(m for m in {frameworks!r} if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param("", id="core"),
        pytest.param(
            "import lr_curves.cli, lr_curves.configs, lr_curves.presets", id="cli-and-presets-package"
        ),
        pytest.param(
            "from lr_curves.presets import timm as p\n"
            "p.CosineLRScheduler(t_initial=10, cycle_mul=2.0, warmup_t=2)(5)\n"
            "p.PlateauLRScheduler().trace([1.0, 0.5])",
            id="presets-timm",
        ),
        pytest.param(
            "from lr_curves.presets import fvcore as p\n"
            "p.CompositeParamScheduler([p.ConstantParamScheduler(1.0)], [1.0], ['fixed'])(0.5)",
            id="presets-fvcore",
        ),
        pytest.param(
            "from lr_curves.presets import detectron2 as p, fvcore as f\n"
            "p.WarmupParamScheduler(f.CosineParamScheduler(1.0, 0.0), 0.001, 0.1)(0.5)\n"
            "p.WarmupCosineLR(max_iters=10)(3)",
            id="presets-detectron2",
        ),
        pytest.param(
            "import lr_curves.presets.torch as P; P.OneCycleLR(1.0, total_steps=10)(3)",
            id="presets-torch",
        ),
        pytest.param(
            "import lr_curves.presets.cosine_annealing_warmup as C; "
            "C.CosineAnnealingWarmupRestarts(10, 1.5)(np.arange(50))",
            id="presets-cosine-annealing-warmup",
        ),
        pytest.param(
            "from lr_curves.presets import transformers as T\n"
            "T.get_cosine_schedule_with_warmup(10, 100)(5)\n"
            "T.get_reduce_on_plateau_schedule(patience=1).trace([1.0, 1.0, 1.0])\n"
            "T.get_scheduler('cosine', num_warmup_steps=1, num_training_steps=10)(3)\n"
            "T.from_training_arguments({'warmup_steps': 0.1}, num_training_steps=10)(3)",
            id="presets-transformers",
        ),
        pytest.param(
            "from lr_curves.presets import optax as O\n"
            "O.warmup_cosine_decay_schedule(0.0, 1.0, 10, 100)(np.arange(5))\n"
            "O.reduce_on_plateau(patience=1).trace([1.0, 1.0, 1.0])",
            id="presets-optax",
        ),
        pytest.param(
            "from lr_curves.presets import keras as K\n"
            "K.CosineDecayRestarts(1.0, 10)(25)\n"
            "K.ReduceLROnPlateau(patience=1).trace([1.0, 1.0, 1.0])",
            id="presets-keras",
        ),
        pytest.param(
            "from lr_curves.presets import mmengine as M\n"
            "M.from_config([dict(type='LinearLR', end=5), dict(type='CosineAnnealingLR', begin=5, end=20,"
            " eta_min=0.1)])(np.arange(30))",
            id="presets-mmengine",
        ),
        pytest.param(
            "from lr_curves.presets import paddle as P\n"
            "P.LinearWarmup(P.CosineAnnealingDecay(0.1, 90), 10, 0.0, 0.1)(np.arange(100))",
            id="presets-paddle",
        ),
        pytest.param(
            "from lr_curves.presets import fairseq as F\n"
            "F.cosine(lr=[1.0], max_update=100, t_mult=2.0, warmup_updates=10)(np.arange(300))",
            id="presets-fairseq",
        ),
        pytest.param(
            "from lr_curves.presets import composer as C\n"
            "C.CosineAnnealingWarmRestartsScheduler('10ba', t_mult=1.5, max_duration='2ep',"
            " steps_per_epoch=50)(np.arange(200))",
            id="presets-composer",
        ),
        pytest.param(
            "from lr_curves.presets import deepspeed as D\n"
            "D.WarmupDecayLR(100, warmup_num_steps=10)(np.arange(5)); D.OneCycle_momentum(0.1, 1.0)(3)\n"
            "D.from_config({'scheduler': {'type': 'WarmupLR', 'params': {}}})(5)",
            id="presets-deepspeed",
        ),
        pytest.param(
            "from lr_curves.presets import megatron as M\n"
            "M.OptimizerParamScheduler(0.0, 1.0, 0.0, 10, 100, 'WSD', wsd_decay_steps=20,"
            " lr_wsd_decay_style='exponential')(np.arange(5))\n"
            "M.from_args({'lr': 1e-3, 'train_iters': 10, 'global_batch_size': 8})(3)\n"
            "M.OptimizerParamScheduler_weight_decay(0.0, 0.1, 10, 'cosine')(3)",
            id="presets-megatron",
        ),
        pytest.param(
            "from lr_curves.presets import nemo as N\n"
            "N.CosineAnnealing(max_steps=100, warmup_steps=10, constant_steps=5)(np.arange(5))\n"
            "N.from_config({'name': 'NoamAnnealing', 'd_model': 16, 'warmup_steps': 4, 'max_steps': 10})(3)",
            id="presets-nemo",
        ),
    ],
)
def test_no_framework_is_imported(extra: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE.format(extra=extra, frameworks=FRAMEWORKS)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == ""
