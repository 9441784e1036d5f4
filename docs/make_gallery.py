# ruff: noqa: E501  (the configs are the calls as a user types them: one line each)
"""Build docs/gallery.md: one small picture per preset (every peer scheduler) and per seed figure.

Run ``make gallery`` (or ``python docs/make_gallery.py [--out DIR] [--only KEY ...]``). Every preset of
every module of ``lr_curves.presets`` gets a picture: from its entry in ``CONFIGS`` (the
preset's call as ``lr_curves.parse`` reads it, a typical configuration), or from its defaults
with required arguments filled by name (``*steps*`` -> 1000, ``*lr*`` -> 0.1, ...). A
metric-driven preset (a plateau reducer) is drawn on a synthetic validation loss that stops
improving. The script fails (exit 1, naming it) when a preset has no picture or a config
names no preset. ``--only KEY ...`` draws only those pictures (the page still lists all).

Pictures are small PNGs (Agg backend, about 250 x 160 pixels); the seed figures are the
articles' own comparisons, drawn by ``lr_curves.plot``.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import math
import os
import pathlib
import sys
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

import lr_curves as lrc
from lr_curves._reducer import Reducer
from lr_curves._spec import peers
from lr_curves.plot import grid, plot

ROOT = pathlib.Path(__file__).resolve().parent
SIZE = (3.4, 2.2)  # inches: 245 x 158 pixels at DPI
DPI = 72
SEED_DPI = 85  # the seed figures are wider and hold several curves or panels

#: A typical configuration per preset, as ``lr_curves.parse`` reads it (fvcore presets map
#: progress in [0, 1): they are drawn stretched over 1,000 iterations, as detectron2 runs them).
CONFIGS: dict[str, str] = {
    "composer.ConstantScheduler": "composer.ConstantScheduler(alpha=0.5, t_max='3ep', max_duration='10ep', steps_per_epoch=100, base_lr=0.1)",
    "composer.ConstantWithWarmupScheduler": "composer.ConstantWithWarmupScheduler(t_warmup='1ep', max_duration='10ep', steps_per_epoch=100, base_lr=0.1)",
    "composer.CosineAnnealingScheduler": "composer.CosineAnnealingScheduler(alpha_f=0.01, max_duration='1000ba', base_lr=0.1)",
    "composer.CosineAnnealingWarmRestartsScheduler": "composer.CosineAnnealingWarmRestartsScheduler(t_0='2ep', t_mult=2.0, max_duration='14ep', steps_per_epoch=100, base_lr=0.1)",
    "composer.CosineAnnealingWithWarmupScheduler": "composer.CosineAnnealingWithWarmupScheduler(t_warmup='0.1dur', alpha_f=0.01, max_duration='20ep', steps_per_epoch=50, base_lr=0.1)",
    "composer.ExponentialScheduler": "composer.ExponentialScheduler(gamma=0.7, decay_period='1ep', max_duration='10ep', steps_per_epoch=100, base_lr=0.1)",
    "composer.LinearScheduler": "composer.LinearScheduler(alpha_i=1.0, alpha_f=0.1, t_max='0.8dur', max_duration='1000ba', base_lr=0.1)",
    "composer.LinearWithWarmupScheduler": "composer.LinearWithWarmupScheduler(t_warmup='100ba', alpha_f=0.0, max_duration='1000ba', base_lr=0.1)",
    "composer.MultiStepScheduler": "composer.MultiStepScheduler(milestones=['3ep', '6ep', '8ep'], gamma=0.5, max_duration='10ep', steps_per_epoch=100, base_lr=0.1)",
    "composer.MultiStepWithWarmupScheduler": "composer.MultiStepWithWarmupScheduler(t_warmup='1ep', milestones=['6ep', '8ep'], gamma=0.1, max_duration='10ep', steps_per_epoch=100, base_lr=0.1)",
    "composer.PolynomialScheduler": "composer.PolynomialScheduler(power=2.0, alpha_f=0.01, max_duration='1000ba', base_lr=0.1)",
    "composer.PolynomialWithWarmupScheduler": "composer.PolynomialWithWarmupScheduler(t_warmup='100ba', power=2.0, max_duration='1000ba', base_lr=0.1)",
    "composer.StepScheduler": "composer.StepScheduler(step_size='2ep', gamma=0.5, max_duration='10ep', steps_per_epoch=100, base_lr=0.1)",
    "cosine_annealing_warmup.CosineAnnealingWarmupRestarts": (
        "cosine_annealing_warmup.CosineAnnealingWarmupRestarts(first_cycle_steps=200, cycle_mult=1.0, "
        "max_lr=0.1, min_lr=0.001, warmup_steps=50, gamma=0.5)"
    ),
    "deepspeed.LRRangeTest": "deepspeed.LRRangeTest(lr_range_test_min_lr=0.001, lr_range_test_step_size=100, lr_range_test_step_rate=5.0, lr_range_test_staircase=True)",
    "deepspeed.OneCycle": "deepspeed.OneCycle(cycle_min_lr=0.001, cycle_max_lr=0.1, cycle_first_step_size=400, decay_lr_rate=0.5, decay_step_size=100)",
    "deepspeed.OneCycle_momentum": "deepspeed.OneCycle_momentum(cycle_min_lr=0.001, cycle_max_lr=0.1, cycle_first_step_size=400, decay_lr_rate=0.5, decay_step_size=100)",
    "deepspeed.WarmupCosineLR": "deepspeed.WarmupCosineLR(total_num_steps=1000, warmup_num_steps=100, cos_min_ratio=0.01, base_lr=0.1)",
    "deepspeed.WarmupDecayLR": "deepspeed.WarmupDecayLR(total_num_steps=1000, warmup_max_lr=0.1, warmup_num_steps=100)",
    "deepspeed.WarmupLR": "deepspeed.WarmupLR(warmup_max_lr=0.1, warmup_num_steps=100)",
    "deepspeed.from_config": "deepspeed.from_config({'optimizer': {'type': 'AdamW', 'params': {'lr': 0.1}}, 'scheduler': {'type': 'WarmupDecayLR', 'params': {'total_num_steps': 1000, 'warmup_num_steps': 100, 'warmup_max_lr': None}}})",
    "detectron2.WarmupCosineLR": "detectron2.WarmupCosineLR(max_iters=1000, warmup_iters=100, base_lr=0.1)",
    "detectron2.WarmupMultiStepLR": (
        "detectron2.WarmupMultiStepLR(milestones=[600, 800], warmup_iters=100, base_lr=0.1)"
    ),
    "detectron2.WarmupParamScheduler": (
        "detectron2.WarmupParamScheduler(fvcore.CosineParamScheduler(0.1, 0.0), 0.01, 0.1).stretch(1000)"
    ),
    "fairseq.cosine": "fairseq.cosine(lr=[0.1], max_update=1000, warmup_updates=100, warmup_init_lr=1e-7, min_lr=1e-5, lr_period_updates=300, t_mult=2.0, lr_shrink=0.5)",
    "fairseq.fixed": "fairseq.fixed(lr=[0.1], warmup_updates=100)",
    "fairseq.inverse_sqrt": "fairseq.inverse_sqrt(lr=[0.0005], warmup_updates=4000, warmup_init_lr=1e-07)",
    "fairseq.pass_through": "fairseq.pass_through(lr_scheduler=warmup(cosine(0.1, 900, floor=0.001), 100))",
    "fairseq.polynomial_decay": "fairseq.polynomial_decay(lr=[0.1], warmup_updates=100, total_num_update=1000, end_learning_rate=0.001, power=2.0)",
    "fairseq.step": "fairseq.step(lr=[0.1], warmup_updates=100, lr_deacy_period=200, lr_decay=0.5, min_lr=0.005)",
    "fairseq.tri_stage": "fairseq.tri_stage(lr=[0.1], max_update=1000, phase_ratio=[0.1, 0.4, 0.5], init_lr_scale=0.01, final_lr_scale=0.05)",
    "fairseq.triangular": "fairseq.triangular(max_lr=0.1, lr=[0.001], lr_period_updates=400, lr_shrink=0.7)",
    "fvcore.CompositeParamScheduler": (
        "fvcore.CompositeParamScheduler([fvcore.LinearParamScheduler(0.0, 0.1), "
        "fvcore.CosineParamScheduler(0.1, 0.0)], lengths=[0.1, 0.9], "
        "interval_scaling=['rescaled', 'rescaled']).stretch(1000)"
    ),
    "fvcore.ConstantParamScheduler": "fvcore.ConstantParamScheduler(0.1).stretch(1000)",
    "fvcore.CosineParamScheduler": "fvcore.CosineParamScheduler(0.1, 0.001).stretch(1000)",
    "fvcore.ExponentialParamScheduler": "fvcore.ExponentialParamScheduler(0.1, 0.02).stretch(1000)",
    "fvcore.LinearParamScheduler": "fvcore.LinearParamScheduler(0.1, 0.001).stretch(1000)",
    "fvcore.MultiStepParamScheduler": (
        "fvcore.MultiStepParamScheduler([0.1, 0.01, 0.001], num_updates=100, milestones=[60, 80]).stretch(1000)"
    ),
    "fvcore.PolynomialDecayParamScheduler": "fvcore.PolynomialDecayParamScheduler(0.1, 2.0).stretch(1000)",
    "fvcore.StepParamScheduler": "fvcore.StepParamScheduler(100, [0.1, 0.01, 0.001]).stretch(1000)",
    "fvcore.StepWithFixedGammaParamScheduler": (
        "fvcore.StepWithFixedGammaParamScheduler(0.1, 3, 0.3, 100).stretch(1000)"
    ),
    "keras.CosineDecay": "keras.CosineDecay(0.1, 1000, alpha=0.01, warmup_target=0.2, warmup_steps=100)",
    "keras.CosineDecayRestarts": "keras.CosineDecayRestarts(0.1, 100, t_mul=2.0, m_mul=0.8)",
    "keras.ExponentialDecay": "keras.ExponentialDecay(0.1, 100, 0.7, staircase=True)",
    "keras.InverseTimeDecay": "keras.InverseTimeDecay(0.1, 100, 0.5)",
    "keras.PiecewiseConstantDecay": "keras.PiecewiseConstantDecay([300, 600], [0.1, 0.05, 0.01])",
    "keras.PolynomialDecay": "keras.PolynomialDecay(0.1, 1000, end_learning_rate=0.001, power=2.0)",
    "megatron.OptimizerParamScheduler": "megatron.OptimizerParamScheduler(init_lr=0.0, max_lr=0.1, min_lr=0.001, lr_warmup_steps=100, lr_decay_steps=1000, lr_decay_style='cosine')",
    "megatron.OptimizerParamScheduler_weight_decay": "megatron.OptimizerParamScheduler_weight_decay(start_wd=0.01, end_wd=0.1, wd_incr_steps=1000, wd_incr_style='cosine')",
    "megatron.from_args": "megatron.from_args({'lr': 0.1, 'min_lr': 0.001, 'lr_decay_style': 'WSD', 'lr_wsd_decay_style': 'linear', 'train_iters': 1000, 'global_batch_size': 256, 'lr_warmup_iters': 100, 'lr_wsd_decay_iters': 200})",
    "megatron.from_args_weight_decay": "megatron.from_args_weight_decay({'train_iters': 1000, 'global_batch_size': 256, 'start_weight_decay': 0.01, 'end_weight_decay': 0.1, 'weight_decay_incr_style': 'linear'})",
    "mmengine.ConstantLR": "mmengine.ConstantLR(factor=0.1, begin=0, end=100, by_epoch=False, base_lr=0.1)",
    "mmengine.CosineAnnealingLR": "mmengine.CosineAnnealingLR(T_max=1000, eta_min=0.001, begin=0, end=1000, by_epoch=False, base_lr=0.1)",
    "mmengine.CosineRestartLR": "mmengine.CosineRestartLR(periods=[300, 300, 400], restart_weights=[1.0, 0.7, 0.4], eta_min=0.001, begin=0, end=1000, by_epoch=False, base_lr=0.1)",
    "mmengine.ExponentialLR": "mmengine.ExponentialLR(gamma=0.99, begin=0, end=1000, by_epoch=False, base_lr=0.1)",
    "mmengine.LinearLR": "mmengine.LinearLR(start_factor=0.001, begin=0, end=100, by_epoch=False, base_lr=0.1)",
    "mmengine.MultiStepLR": "mmengine.MultiStepLR(milestones=[8, 11], gamma=0.1, begin=0, end=12, by_epoch=True, base_lr=0.02, epoch_length=100)",
    "mmengine.OneCycleLR": "mmengine.OneCycleLR(eta_max=0.1, total_steps=1000, begin=0, end=1000, by_epoch=False)",
    "mmengine.PolyLR": "mmengine.PolyLR(eta_min=0.001, power=2.0, begin=0, end=1000, by_epoch=False, base_lr=0.1)",
    "mmengine.StepLR": "mmengine.StepLR(step_size=3, gamma=0.5, begin=0, end=12, by_epoch=True, base_lr=0.1, epoch_length=100)",
    "mmengine.from_config": "mmengine.from_config([{'type': 'LinearLR', 'start_factor': 0.001, 'by_epoch': False, 'begin': 0, 'end': 100}, {'type': 'CosineAnnealingLR', 'T_max': 9, 'eta_min': 0.001, 'by_epoch': True, 'begin': 1, 'end': 10, 'convert_to_iter_based': True}], base_lr=0.1, epoch_length=100)",
    "nemo.CosineAnnealing": "nemo.CosineAnnealing(max_steps=1000, warmup_steps=100, min_lr=0.001, base_lr=0.1)",
    "nemo.InverseSquareRootAnnealing": "nemo.InverseSquareRootAnnealing(max_steps=1000, warmup_steps=100, min_lr=0.001, base_lr=0.1)",
    "nemo.NoamAnnealing": "nemo.NoamAnnealing(d_model=256, warmup_steps=10000, min_lr=1e-6, base_lr=2.0)",
    "nemo.PolynomialDecayAnnealing": "nemo.PolynomialDecayAnnealing(max_steps=1000, warmup_steps=100, power=2.0, min_lr=0.001, base_lr=0.1)",
    "nemo.PolynomialHoldDecayAnnealing": "nemo.PolynomialHoldDecayAnnealing(max_steps=1000, warmup_steps=100, hold_steps=200, power=2.0, min_lr=0.001, base_lr=0.1)",
    "nemo.SquareAnnealing": "nemo.SquareAnnealing(max_steps=1000, warmup_steps=100, min_lr=0.001, base_lr=0.1)",
    "nemo.SquareRootAnnealing": "nemo.SquareRootAnnealing(max_steps=1000, warmup_steps=100, min_lr=0.001, base_lr=0.1)",
    "nemo.T5InverseSquareRootAnnealing": "nemo.T5InverseSquareRootAnnealing(max_steps=10000, constant_steps=1000, min_lr=0.0)",
    "nemo.WarmupAnnealing": "nemo.WarmupAnnealing(max_steps=1000, warmup_steps=100, min_lr=0.001, base_lr=0.1)",
    "nemo.WarmupHoldPolicy": "nemo.WarmupHoldPolicy(warmup_steps=100, hold_steps=200, max_steps=1000, min_lr=0.001, base_lr=0.1)",
    "nemo.WarmupPolicy": "nemo.WarmupPolicy(warmup_steps=100, max_steps=1000, base_lr=0.1)",
    "nemo.from_config": "nemo.from_config({'name': 'adamw', 'lr': 0.1, 'sched': {'name': 'CosineAnnealing', 'warmup_steps': 100, 'min_lr': 0.001, 'max_steps': 1000}})",
    "optax.constant_schedule": "optax.constant_schedule(0.1)",
    "optax.cosine_decay_schedule": "optax.cosine_decay_schedule(0.1, 1000, alpha=0.01)",
    "optax.cosine_onecycle_schedule": "optax.cosine_onecycle_schedule(1000, 0.1)",
    "optax.exponential_decay": "optax.exponential_decay(0.1, 100, 0.7, transition_begin=100)",
    "optax.join_schedules": (
        "optax.join_schedules([optax.linear_schedule(0.0, 0.1, 100), optax.cosine_decay_schedule(0.1, 900)], [100])"
    ),
    "optax.linear_onecycle_schedule": "optax.linear_onecycle_schedule(1000, 0.1)",
    "optax.linear_schedule": "optax.linear_schedule(0.1, 0.001, 800, transition_begin=100)",
    "optax.piecewise_constant_schedule": "optax.piecewise_constant_schedule(0.1, {300: 0.5, 600: 0.2})",
    "optax.piecewise_interpolate_schedule": (
        "optax.piecewise_interpolate_schedule('cosine', 0.1, {300: 0.5, 600: 0.2})"
    ),
    "optax.polynomial_schedule": "optax.polynomial_schedule(0.1, 0.001, 2.0, 800, transition_begin=100)",
    "optax.sgdr_schedule": (
        "optax.sgdr_schedule([{'init_value': 0.0, 'peak_value': 0.1, 'warmup_steps': 50, 'decay_steps': 300}, "
        "{'init_value': 0.0, 'peak_value': 0.05, 'warmup_steps': 50, 'decay_steps': 600}])"
    ),
    "optax.warmup_constant_schedule": "optax.warmup_constant_schedule(0.0, 0.1, 100)",
    "optax.warmup_cosine_decay_schedule": "optax.warmup_cosine_decay_schedule(0.0, 0.1, 100, 1000, end_value=0.001)",
    "optax.warmup_exponential_decay_schedule": (
        "optax.warmup_exponential_decay_schedule(0.0, 0.1, 100, 100, 0.7, staircase=True)"
    ),
    "paddle.CosineAnnealingDecay": "paddle.CosineAnnealingDecay(learning_rate=0.1, T_max=1000, eta_min=0.001)",
    "paddle.CosineAnnealingWarmRestarts": "paddle.CosineAnnealingWarmRestarts(learning_rate=0.1, T_0=100, T_mult=2)",
    "paddle.CyclicLR": "paddle.CyclicLR(base_learning_rate=0.001, max_learning_rate=0.1, step_size_up=100, mode='triangular2')",
    "paddle.ExponentialDecay": "paddle.ExponentialDecay(learning_rate=0.1, gamma=0.99)",
    "paddle.InverseTimeDecay": "paddle.InverseTimeDecay(learning_rate=0.1, gamma=0.01)",
    "paddle.LambdaDecay": "paddle.LambdaDecay(learning_rate=0.1, lr_lambda=exponential(1.0, 0.5, every=200, staircase=True))",
    "paddle.LinearLR": "paddle.LinearLR(learning_rate=0.1, total_steps=100, start_factor=0.1)",
    "paddle.LinearWarmup": "paddle.LinearWarmup(paddle.CosineAnnealingDecay(0.1, T_max=900), warmup_steps=100, start_lr=0.0, end_lr=0.1)",
    "paddle.MultiStepDecay": "paddle.MultiStepDecay(learning_rate=0.1, milestones=[300, 600, 800], gamma=0.5)",
    "paddle.MultiplicativeDecay": "paddle.MultiplicativeDecay(learning_rate=0.1, lr_lambda=0.99)",
    "paddle.NaturalExpDecay": "paddle.NaturalExpDecay(learning_rate=0.1, gamma=0.01)",
    "paddle.NoamDecay": "paddle.NoamDecay(d_model=512, warmup_steps=4000, learning_rate=1.0)",
    "paddle.OneCycleLR": "paddle.OneCycleLR(max_learning_rate=0.1, total_steps=1000)",
    "paddle.PiecewiseDecay": "paddle.PiecewiseDecay(boundaries=[300, 600], values=[0.1, 0.05, 0.01])",
    "paddle.PolynomialDecay": "paddle.PolynomialDecay(learning_rate=0.1, decay_steps=800, end_lr=0.001, power=2.0)",
    "paddle.StepDecay": "paddle.StepDecay(learning_rate=0.1, step_size=300, gamma=0.5)",
    "timm.CosineLRScheduler": (
        "timm.CosineLRScheduler(t_initial=30, lr_min=0.001, cycle_limit=3, cycle_decay=0.5, warmup_t=5, "
        "warmup_lr_init=0.001, warmup_prefix=True, base_lr=0.1)"
    ),
    "timm.MultiStepLRScheduler": (
        "timm.MultiStepLRScheduler(decay_t=[30, 60], decay_rate=0.1, warmup_t=5, warmup_lr_init=0.001, base_lr=0.1)"
    ),
    "timm.PolyLRScheduler": "timm.PolyLRScheduler(t_initial=90, power=2.0, warmup_t=5, base_lr=0.1)",
    "timm.StepLRScheduler": "timm.StepLRScheduler(decay_t=30, decay_rate=0.5, warmup_t=5, base_lr=0.1)",
    "timm.TanhLRScheduler": "timm.TanhLRScheduler(t_initial=90, warmup_t=5, base_lr=0.1)",
    "timm.WSDLRScheduler": "timm.WSDLRScheduler(t_initial=90, decay_t=20, warmup_t=5, base_lr=0.1)",
    "torch.ChainedScheduler": (
        "torch.ChainedScheduler([torch.ConstantLR(0.5, 100, base_lr=0.1), torch.ExponentialLR(0.998, base_lr=0.1)], base_lr=0.1)"
    ),
    "torch.ConstantLR": "torch.ConstantLR(factor=0.5, total_iters=100, base_lr=0.1)",
    "torch.CosineAnnealingLR": "torch.CosineAnnealingLR(T_max=500, eta_min=0.001, base_lr=0.1)",
    "torch.CosineAnnealingWarmRestarts": "torch.CosineAnnealingWarmRestarts(T_0=100, T_mult=2, base_lr=0.1)",
    "torch.CyclicLR": "torch.CyclicLR(0.001, 0.1, step_size_up=100, mode='triangular2')",
    "torch.CyclicLR_momentum": "torch.CyclicLR_momentum(0.001, 0.1, step_size_up=100)",
    "torch.ExponentialLR": "torch.ExponentialLR(gamma=0.99, base_lr=0.1)",
    "torch.LambdaLR": "torch.LambdaLR(warmup(cosine(1.0, 900), 100), base_lr=0.1)",
    "torch.LinearLR": "torch.LinearLR(start_factor=0.1, total_iters=100, base_lr=0.1)",
    "torch.MultiStepLR": "torch.MultiStepLR(milestones=[300, 600, 800], gamma=0.5, base_lr=0.1)",
    "torch.MultiplicativeLR": "torch.MultiplicativeLR(0.99, base_lr=0.1)",
    "torch.OneCycleLR": "torch.OneCycleLR(max_lr=0.1, total_steps=1000)",
    "torch.OneCycleLR_momentum": "torch.OneCycleLR_momentum(max_lr=0.1, total_steps=1000)",
    "torch.PolynomialLR": "torch.PolynomialLR(total_iters=800, power=2.0, base_lr=0.1)",
    "torch.SequentialLR": (
        "torch.SequentialLR([torch.LinearLR(0.01, 1.0, 100, base_lr=0.1), "
        "torch.CosineAnnealingLR(400, base_lr=0.1)], milestones=[100])"
    ),
    "torch.StepLR": "torch.StepLR(step_size=30, gamma=0.5, base_lr=0.1)",
    "transformers.from_training_arguments": "transformers.from_training_arguments({'learning_rate': 0.1, 'lr_scheduler_type': 'cosine_with_min_lr', 'lr_scheduler_kwargs': {'min_lr_rate': 0.1}, 'warmup_steps': 0.1, 'max_steps': 1000})",
    "transformers.get_constant_schedule": "transformers.get_constant_schedule(base_lr=0.1)",
    "transformers.get_constant_schedule_with_warmup": (
        "transformers.get_constant_schedule_with_warmup(100, base_lr=0.1)"
    ),
    "transformers.get_cosine_schedule_with_warmup": (
        "transformers.get_cosine_schedule_with_warmup(100, 1000, base_lr=0.1)"
    ),
    "transformers.get_cosine_with_hard_restarts_schedule_with_warmup": (
        "transformers.get_cosine_with_hard_restarts_schedule_with_warmup(100, 1000, num_cycles=3, base_lr=0.1)"
    ),
    "transformers.get_cosine_with_min_lr_schedule_with_warmup": (
        "transformers.get_cosine_with_min_lr_schedule_with_warmup(100, 1000, min_lr_rate=0.1, base_lr=0.1)"
    ),
    "transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate": (
        "transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(100, 1000, min_lr_rate=0.1, "
        "warmup_lr_rate=0.1, base_lr=0.1)"
    ),
    "transformers.get_inverse_sqrt_schedule": "transformers.get_inverse_sqrt_schedule(100, base_lr=0.1)",
    "transformers.get_linear_schedule_with_warmup": (
        "transformers.get_linear_schedule_with_warmup(100, 1000, base_lr=0.1)"
    ),
    "transformers.get_polynomial_decay_schedule_with_warmup": (
        "transformers.get_polynomial_decay_schedule_with_warmup(100, 1000, lr_end=0.001, power=2.0, base_lr=0.1)"
    ),
    "transformers.get_scheduler": "transformers.get_scheduler('cosine_with_restarts', num_warmup_steps=100, num_training_steps=1000, scheduler_specific_kwargs={'num_cycles': 2}, base_lr=0.1)",
    "transformers.get_wsd_schedule": "transformers.get_wsd_schedule(100, 200, num_training_steps=1000, base_lr=0.1)",
}


# ---------------------------------------------------------------------------------------- presets
def _guess(name: str, param: inspect.Parameter) -> Any:
    """A typical value for a required argument, from its name (for presets without a config)."""
    n = name.lower()
    if "warmup" in n:
        return 100
    if any(k in n for k in ("milestone", "boundaries", "decay_t")):
        return [300, 600]
    if any(k in n for k in ("step", "iter", "t_max", "t_initial", "t_0", "total", "num_", "length", "cycle")):
        return 1000
    if any(k in n for k in ("min", "end", "floor", "final")):
        return 0.001
    if any(k in n for k in ("gamma", "decay", "rate", "factor", "mult")):
        return 0.5
    if "power" in n:
        return 2.0
    if any(k in n for k in ("lr", "value", "peak", "max", "base", "init")):
        return 0.1
    raise LookupError(name)


class Entry:
    """One picture: a preset (or a seed figure), how it was built, and where its PNG goes."""

    def __init__(self, key: str, code: str, draw: Callable[[pathlib.Path], None]) -> None:
        self.key, self.code, self.draw = key, code, draw

    @property
    def file(self) -> str:
        return f"gallery/{self.key}.png"


def presets() -> list[tuple[str, Any]]:
    """Every public preset: ``(peer.Name, factory)``, metric-driven ones included."""
    out = []
    for peer in peers():
        module = importlib.import_module(f"lr_curves.presets.{peer}")
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not callable(obj):
                continue  # a constant (fvcore.WHERE_EPSILON)
            if inspect.isclass(obj) and not issubclass(obj, Reducer):
                continue  # a state class (ReduceLROnPlateauState)
            out.append((f"{peer}.{name}", obj))
    return out


def _build(key: str, factory: Any) -> tuple[str, Any]:
    """``(code, schedule or reducer)`` for a preset: its config, or its defaults plus guesses."""
    if key in CONFIGS:
        code = CONFIGS[key]
        if "{" in code:  # dict arguments (optax): parse reads no dicts, the CLI's literals do
            peer, _, rest = code.partition(".")
            name, _, call = rest.partition("(")
            tree = ast.parse("f(" + call, mode="eval").body
            assert isinstance(tree, ast.Call)
            args = [ast.literal_eval(a) for a in tree.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in tree.keywords if k.arg}
            return code, getattr(importlib.import_module(f"lr_curves.presets.{peer}"), name)(*args, **kwargs)
        try:
            return code, lrc.parse(code)
        except ValueError as exc:
            if "metric-driven" not in str(exc):
                raise
    kwargs = {}
    for name, p in inspect.signature(factory).parameters.items():
        if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            kwargs[name] = _guess(name, p)
    shown = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"{key}({shown})", factory(**kwargs)


def _figure() -> Figure:
    return Figure(figsize=SIZE, layout="constrained")


def _compact(v: float, _pos: Any = None) -> str:
    """A step tick label that fits a small picture: ``200k``, ``1.2M``."""
    for unit, word in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= unit:
            return f"{v / unit:g}{word}"
    return f"{v:g}"


def _small(ax: Any, title: str) -> None:
    ax.set_title(title, fontsize=8 if len(title) <= 36 else 6.5)
    if ax.get_xlim()[1] >= 100_000:  # "1,000,000" and its neighbours run into each other
        ax.xaxis.set_major_formatter(FuncFormatter(_compact))
    for label in (ax.xaxis.label, ax.yaxis.label):
        label.set_fontsize(7)
    ax.tick_params(labelsize=6)
    for child in ax.child_axes:
        child.xaxis.label.set_fontsize(7)
        child.tick_params(labelsize=6)


#: A validation loss that improves, then stalls (for the metric-driven presets).
LOSS = [2.0 * math.exp(-k / 15) + 0.3 for k in range(40)] + [0.32 + 0.01 * (k % 3) for k in range(80)]


def _draw_reducer(key: str, reducer: Any) -> Callable[[pathlib.Path], None]:
    def draw(path: pathlib.Path) -> None:
        fig = _figure()
        ax = fig.add_subplot()
        lrs = reducer.trace(LOSS)
        ax.step(range(len(lrs)), lrs, where="post", linewidth=1.6, gid="curve")
        ax.set_xlabel("epoch (one metric each)")
        ax.set_ylabel("learning rate")
        ax.grid(True, alpha=0.3)
        _small(ax, key.split(".", 1)[1])
        fig.savefig(path, dpi=DPI)

    return draw


def _quantity(key: str) -> str:
    """What the curve is: the lr, or the momentum or weight decay a ``*_momentum`` /
    ``*_weight_decay`` preset gives."""
    for suffix, what in (("_momentum", "momentum"), ("_weight_decay", "weight decay")):
        if key.endswith(suffix):
            return what
    return "learning rate"


def _draw_schedule(key: str, s: lrc.Schedule, code: str) -> Callable[[pathlib.Path], None]:
    def draw(path: pathlib.Path) -> None:
        fig = _figure()
        ax = fig.add_subplot()
        xlabel = "iteration (where = k / 1000)" if ".stretch(1000)" in code else "step"
        plot(s, ax=ax, legend=False, xlabel=xlabel, ylabel=_quantity(key), max_points=800)
        _small(ax, key.split(".", 1)[1])
        fig.savefig(path, dpi=DPI)

    return draw


def preset_entries() -> tuple[list[Entry], list[str]]:
    """The preset pictures, and the presets that could not be drawn (with why)."""
    entries: list[Entry] = []
    missing: list[str] = []
    for key, factory in presets():
        try:
            code, built = _build(key, factory)
        except (LookupError, TypeError, ValueError) as exc:
            missing.append(f"{key}: no picture ({type(exc).__name__}: {exc}); give it a config in CONFIGS")
            continue
        if isinstance(built, lrc.Schedule):
            entries.append(Entry(key, code, _draw_schedule(key, built, code)))
        elif isinstance(built, Reducer):
            entries.append(Entry(key, code + "  # on a loss that stalls", _draw_reducer(key, built)))
        else:
            missing.append(f"{key}: returns a {type(built).__name__}, neither a schedule nor a reducer")
    return entries, missing


# ---------------------------------------------------------------------------------------- seeds
def _seed_figure(key: str, code: str, make: Callable[[], Figure]) -> Entry:
    def draw(path: pathlib.Path) -> None:
        make().savefig(path, dpi=SEED_DPI)

    return Entry(key, code, draw)


def _seed000() -> Figure:
    from lr_curves.presets import torch as T  # noqa: N812

    fig = Figure(figsize=(5.2, 3.3), layout="constrained")
    ax = fig.add_subplot()
    four = {
        "CosineAnnealingLR(500, eta_min=0.05)": T.CosineAnnealingLR(500, eta_min=0.05, base_lr=0.1),
        "LambdaLR: warmup + cosine": T.LambdaLR(lrc.warmup(lrc.cosine(1.0, 400), 100), base_lr=0.1),
        "SequentialLR(LinearLR, CosineAnnealingLR)": T.SequentialLR(
            [T.LinearLR(0.01, 1.0, 100, base_lr=0.1), T.CosineAnnealingLR(400, base_lr=0.1)], [100]
        ),
        "OneCycleLR(pct_start=0.2)": T.OneCycleLR(max_lr=0.1, pct_start=0.2, total_steps=500),
    }
    plot(four, ax=ax, legend="below", max_points=800)
    _small(ax, "seed 000: warmup + cosine, four ways (5 epochs x 100 steps)")
    # under the axes: inside, it hid the words at the warmup's end (the curves leave the bottom free there)
    ax.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)
    return fig


def _seed001() -> Figure:
    from lr_curves.presets import cosine_annealing_warmup as K  # noqa: N812

    fig = _figure()
    fig.set_size_inches(5.2, 2.6)
    ax = fig.add_subplot()
    s = K.CosineAnnealingWarmupRestarts(
        first_cycle_steps=200, cycle_mult=1.0, max_lr=0.1, min_lr=0.001, warmup_steps=50, gamma=0.5
    )
    plot(s, 1000, ax=ax, max_points=800)
    _small(ax, "seed 001: CosineAnnealingWarmupRestarts (warmup, restarts, gamma 0.5)")
    return fig


def _seed002() -> Figure:
    from lr_curves.presets import torch as T  # noqa: N812

    fig = Figure(figsize=(5.2, 2.9), layout="constrained")
    ax = fig.add_subplot()
    plot(T.OneCycleLR(max_lr=0.01, epochs=200, steps_per_epoch=128), ax=ax, max_points=800)
    _small(ax, "seed 002: OneCycleLR(max_lr=0.01, epochs=200, steps_per_epoch=128)")
    return fig


def _seed003() -> Figure:
    from lr_curves.presets import detectron2 as D  # noqa: N812
    from lr_curves.presets import torch as T  # noqa: N812

    panels = {
        "WarmupMultiStepLR([600, 800], warmup 100)": D.WarmupMultiStepLR(
            milestones=[600, 800], warmup_iters=100, base_lr=0.1
        ),
        "WarmupCosineLR(1000, warmup 100)": D.WarmupCosineLR(max_iters=1000, warmup_iters=100, base_lr=0.1),
        "StepLR(step_size=30)": T.StepLR(30, base_lr=0.05),
        "MultiStepLR([5, 20, 25, 80])": T.MultiStepLR([5, 20, 25, 80], base_lr=0.05),
    }
    fig = grid(panels, ncols=2, panel_size=(2.7, 1.7), max_points=800)
    fig.suptitle("seed 003: warmup and step schedulers", fontsize=8)
    for ax in fig.axes:
        _small(ax, ax.get_title())
    return fig


def _seed004() -> Figure:
    from lr_curves.presets import torch as T  # noqa: N812
    from lr_curves.presets import transformers as H  # noqa: N812

    five = {
        "ExponentialLR(0.99)": T.ExponentialLR(0.99, base_lr=5e-5),
        "CosineAnnealingLR(T_max=1000)": T.CosineAnnealingLR(1000, base_lr=5e-5),
        "StepLR(500, gamma=0.1)": T.StepLR(500, 0.1, base_lr=5e-5),
        "polynomial decay + warmup": H.get_polynomial_decay_schedule_with_warmup(
            100, 3000, lr_end=1e-7, power=2.0, base_lr=5e-5
        ),
        "MultiStepLR([1000, 2000])": T.MultiStepLR([1000, 2000], 0.1, base_lr=5e-5),
    }
    fig = grid(five, 3000, ncols=3, panel_size=(2.5, 1.7), max_points=800)
    fig.suptitle("seed 004: five schedulers over 3,000 steps (compare --grid)", fontsize=8)
    for ax in fig.axes:
        _small(ax, ax.get_title())
    return fig


#: ``(key, what the article shows, the command that draws it or "", how)``.
SEEDS = [
    (
        "seed-000",
        "Seed 000 (warm-up + CosineAnnealing): the same warmup + cosine as CosineAnnealingLR, a "
        "hand-written LambdaLR, SequentialLR(LinearLR, CosineAnnealingLR) and OneCycleLR, over 5 "
        "epochs of 100 steps.",
        "",
        _seed000,
    ),
    (
        "seed-001",
        "Seed 001 (cosine annealing explained): CosineAnnealingWarmupRestarts with a warmup per "
        "cycle and the peak halved at each restart.",
        "lr-curves plot cosine_annealing_warmup.CosineAnnealingWarmupRestarts first_cycle_steps=200 "
        "max_lr=0.1 min_lr=0.001 warmup_steps=50 gamma=0.5 --steps 1000 -o seed-001.png",
        _seed001,
    ),
    (
        "seed-002",
        "Seed 002 (how to use OneCycleLR?): 200 epochs of 128 steps; the epoch axis comes from the "
        "preset itself.",
        "lr-curves plot torch.OneCycleLR max_lr=0.01 epochs=200 steps_per_epoch=128 -o seed-002.png",
        _seed002,
    ),
    (
        "seed-003",
        "Seed 003 (warmup variants and the torch step schedulers): detectron2's WarmupMultiStepLR "
        "and WarmupCosineLR, torch's StepLR and MultiStepLR.",
        "",
        _seed003,
    ),
    (
        "seed-004",
        "Seed 004 (five schedulers compared): the article's five curves over 3,000 steps.",
        "lr-curves compare --grid --steps 3000 'torch.ExponentialLR gamma=0.99 base_lr=5e-5' "
        "'torch.CosineAnnealingLR T_max=1000 base_lr=5e-5' 'torch.StepLR step_size=500 base_lr=5e-5' "
        "'transformers.get_polynomial_decay_schedule_with_warmup num_warmup_steps=100 "
        "num_training_steps=3000 lr_end=1e-7 power=2.0 base_lr=5e-5' "
        "'torch.MultiStepLR milestones=[1000,2000] base_lr=5e-5' -o seed-004.png",
        _seed004,
    ),
]


# ---------------------------------------------------------------------------------------- page
def page(entries: list[Entry], seeds: list[Entry], missing: list[str] = ()) -> str:  # type: ignore[assignment]
    lines = [
        "# Gallery",
        "",
        "One small picture per preset (every peer scheduler, with a typical configuration) and per",
        "seed article's figure. Each is drawn by `lr_curves.plot` with its default range: through",
        "the schedule's nominal end and a fifth more, boundaries dotted and labelled. Regenerate with",
        "`make gallery` (the script is [`docs/make_gallery.py`](make_gallery.py)); CI checks that",
        "it runs and that every preset has its picture. Each caption is the call that built the",
        "picture, as `lr_curves.parse` and `lr-curves plot` read it.",
        "",
        "## Seed figures",
        "",
    ]
    for e in seeds:
        lines += [f"![{e.key}]({e.file})", "", e.code, ""]
    by_peer: dict[str, list[Entry]] = {}
    for e in entries:
        by_peer.setdefault(e.key.split(".")[0], []).append(e)
    for peer, items in by_peer.items():
        lines += [f"## {peer}", "", "| | | |", "|---|---|---|"]
        for i in range(0, len(items), 3):
            row = items[i : i + 3]
            cells = [f"![{e.key}]({e.file})<br>`{e.code}`" for e in row]
            cells += [""] * (3 - len(cells))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if missing:
        lines += [
            "## No picture yet",
            "",
            "Presets the script cannot call from defaults (give each a config in CONFIGS):",
            "",
        ]
        lines += [f"- `{m.split(':', 1)[0]}`: {m.split(':', 1)[1].strip()}" for m in missing]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT), help="folder for gallery.md and gallery/ (default docs/)")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="KEY",
        help="draw only these pictures (a key such as torch.OneCycleLR or seed-002, or a peer such as "
        "composer.); the page still lists every one",
    )
    args = parser.parse_args(argv)
    out = pathlib.Path(args.out)
    (out / "gallery").mkdir(parents=True, exist_ok=True)
    entries, missing = preset_entries()
    stale = sorted(set(CONFIGS) - {key for key, _ in presets()})
    missing += [f"{key}: in CONFIGS, but no such preset (renamed or removed?)" for key in stale]
    seeds = [
        _seed_figure(key, what + (f"\n\n```\n{command}\n```" if command else ""), make)
        for key, what, command, make in SEEDS
    ]
    chosen = [
        e
        for e in [*seeds, *entries]
        if args.only is None
        or any(e.key == k or (k.endswith(".") and e.key.startswith(k)) for k in args.only)
    ]
    for e in chosen:
        e.draw(out / e.file)
    (out / "gallery.md").write_text(page(entries, seeds, missing) + "\n", encoding="utf-8")
    sizes = [os.path.getsize(out / e.file) for e in chosen]
    print(
        f"{len(chosen)} of {len(entries) + len(seeds)} pictures ({len(entries)} presets, {len(seeds)} seed "
        f"figures) drawn in {out / 'gallery'} "
        f"({sum(sizes) / 1024:.0f} KB, largest {max(sizes, default=0) / 1024:.0f} KB)"
    )
    for m in missing:  # every preset must have its picture: a new one needs a config in CONFIGS
        print(m, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
