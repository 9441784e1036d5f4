"""Training-stack config files as schedules: ``lr-curves show --config FILE`` and :func:`read_config`.

A config file is read as JSON (``.json``) or YAML (``.yaml``/``.yml``, which needs pyyaml),
recognised by its keys (or named with ``format=``), and handed to the stack's importer:

- ``deepspeed``: a DeepSpeed ``ds_config.json`` (its ``"scheduler"`` entry):
  :func:`lr_curves.presets.deepspeed.from_config`;
- ``transformers``: a saved ``TrainingArguments`` (``lr_scheduler_type`` ...):
  :func:`lr_curves.presets.transformers.from_training_arguments`;
- ``nemo``: a NeMo model config (``model.optim.sched``, ``optim.sched`` or the ``sched`` alone):
  :func:`lr_curves.presets.nemo.from_config`;
- ``mmengine``: an mmengine config as JSON/YAML (``param_scheduler``, with ``optim_wrapper`` and
  ``train_cfg`` for the lr and the default ends): :func:`lr_curves.presets.mmengine.from_config`.

Each format is one entry of :data:`FORMATS` (a name, a description, a ``detect`` test on the
parsed data and a ``build`` function), so another stack is one more entry. Nothing here imports a
framework, and pyyaml is imported only to read a YAML file.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from lr_curves._base import Schedule

__all__ = ["FORMATS", "ConfigError", "ConfigFormat", "detect_format", "load", "read_config"]


class ConfigError(ValueError):
    """A config file that cannot be read as a schedule; the message is one line saying why."""


@dataclasses.dataclass(frozen=True)
class ConfigFormat:
    """One stack's config format.

    Attributes:
        name: What ``--format`` takes (``"deepspeed"``).
        description: What the file is, for messages (``"a DeepSpeed ds_config (its 'scheduler')"``).
        detect: Whether parsed data (a dict or a list) is in this format.
        build: ``(data, training_steps) -> Schedule``; ``training_steps`` is the run's length when
            the file cannot say it (``None`` when not given).
    """

    name: str
    description: str
    detect: Callable[[Any], bool]
    build: Callable[[Any, int | None], Schedule]


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def _is_deepspeed(data: Any) -> bool:
    entry = _dig(data, "scheduler")
    return isinstance(entry, Mapping) and "type" in entry


def _deepspeed(data: Any, training_steps: int | None) -> Schedule:
    from lr_curves.presets import deepspeed

    return deepspeed.from_config(data)


def _is_transformers(data: Any) -> bool:
    return isinstance(data, Mapping) and "lr_scheduler_type" in data


def _transformers(data: Any, training_steps: int | None) -> Schedule:
    from lr_curves.presets import transformers

    out = transformers.from_training_arguments(data, num_training_steps=training_steps)
    if not isinstance(out, Schedule):
        raise ConfigError(
            f"lr_scheduler_type {data.get('lr_scheduler_type')!r} follows the metrics: "
            "it has no curve to show"
        )
    return out


def _nemo_sched(data: Any) -> Any:
    for path in (("model", "optim", "sched"), ("optim", "sched"), ("sched",)):
        found = _dig(data, *path)
        if isinstance(found, Mapping):
            return found
    return None


def _is_nemo(data: Any) -> bool:
    sched = _nemo_sched(data)
    return sched is not None and "name" in sched


def _nemo(data: Any, training_steps: int | None) -> Schedule:
    from lr_curves.presets import nemo

    return nemo.from_config(data, max_steps=training_steps)


def _is_mmengine(data: Any) -> bool:
    entry = _dig(data, "param_scheduler")
    return isinstance(entry, Mapping) or (isinstance(entry, list) and len(entry) > 0)


def _mmengine(data: Any, training_steps: int | None) -> Schedule:
    from lr_curves.presets import mmengine

    lr = _dig(data, "optim_wrapper", "optimizer", "lr")
    train = _dig(data, "train_cfg")
    train = train if isinstance(train, Mapping) else {}
    return mmengine.from_config(
        data["param_scheduler"],
        base_lr=1.0 if lr is None else lr,
        max_epochs=train.get("max_epochs"),
        max_iters=train.get("max_iters"),
    )


#: The formats ``--config`` reads, by name. Another stack is one more entry.
FORMATS: dict[str, ConfigFormat] = {
    "deepspeed": ConfigFormat(
        "deepspeed", "a DeepSpeed ds_config (with a 'scheduler' entry)", _is_deepspeed, _deepspeed
    ),
    "transformers": ConfigFormat(
        "transformers",
        "saved transformers TrainingArguments (with 'lr_scheduler_type')",
        _is_transformers,
        _transformers,
    ),
    "nemo": ConfigFormat(
        "nemo", "a NeMo config (with model.optim.sched, optim.sched or sched)", _is_nemo, _nemo
    ),
    "mmengine": ConfigFormat(
        "mmengine",
        "an mmengine config (with 'param_scheduler'; the lr from optim_wrapper.optimizer.lr)",
        _is_mmengine,
        _mmengine,
    ),
}


#: YAML 1.2 floats that pyyaml (YAML 1.1) reads as strings: ``1e-3``, ``2E+5`` (no dot).
_EXP_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+$")


def _yaml_loader(yaml: Any) -> Any:
    """pyyaml's SafeLoader, reading ``1e-3`` as a float as NeMo's OmegaConf does (not as a string)."""

    class Loader(yaml.SafeLoader):  # type: ignore[misc]
        pass

    Loader.add_implicit_resolver("tag:yaml.org,2002:float", _EXP_FLOAT, list("-+0123456789"))
    return Loader


def load(path: str | os.PathLike[str]) -> Any:
    """The parsed content of a JSON or YAML file (YAML needs pyyaml).

    Raises:
        ConfigError: the file cannot be read or parsed (one line naming the file and why).
    """
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"cannot read {name}: {reason}") from None
    ext = os.path.splitext(name)[1].lower()
    if ext not in (".yaml", ".yml"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if ext == ".json":
                raise ConfigError(
                    f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
                ) from None
    try:
        yaml: Any = importlib.import_module("yaml")  # pyyaml ships no type stubs
    except ImportError:
        raise ConfigError(f"{name}: reading YAML needs pyyaml (pip install pyyaml)") from None
    try:
        return yaml.load(text, Loader=_yaml_loader(yaml))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise ConfigError(f"{name}: not valid YAML{where}: {problem}") from None


def detect_format(data: Any, name: str = "the config") -> ConfigFormat:
    """The one format of :data:`FORMATS` whose ``detect`` accepts ``data``.

    Raises:
        ConfigError: none or several do (then ``format=`` says which).
    """
    found = [f for f in FORMATS.values() if f.detect(data)]
    if len(found) == 1:
        return found[0]
    if not found:
        kinds = "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
        raise ConfigError(f"{name}: not a config lr-curves knows ({kinds}); name one with --format")
    names = ", ".join(f.name for f in found)
    raise ConfigError(f"{name}: could be any of {names}; name one with --format")


def read_config(
    path: str | os.PathLike[str], format: str | None = None, training_steps: int | None = None
) -> Schedule:
    """The schedule a training-stack config file trains on.

    Args:
        path: A JSON or YAML file (DeepSpeed, transformers ``TrainingArguments``, NeMo).
        format: A name of :data:`FORMATS`; by default the format is recognised from the keys.
        training_steps: The run's length when the file does not say it (transformers'
            ``num_training_steps`` without ``max_steps``, NeMo's ``max_steps``).

    Raises:
        ConfigError: with one line naming the file and what could not be read.
    """
    name = os.fspath(path)
    data = load(name)
    if format is None:
        fmt = detect_format(data, name)
    elif format in FORMATS:
        fmt = FORMATS[format]
    else:
        raise ConfigError(f"unknown config format {format!r}; known: {', '.join(FORMATS)}")
    try:
        return fmt.build(data, training_steps)
    except ConfigError as exc:
        raise ConfigError(f"{name} ({fmt.name}): {exc}") from None
    except (TypeError, ValueError) as exc:
        text = " ".join(str(exc).split())
        raise ConfigError(f"{name} ({fmt.name}): {text}") from None
