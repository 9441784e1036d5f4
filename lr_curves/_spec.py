"""Shared by :func:`lr_curves.parse` and the command line: preset calls and "did you mean".

A preset call ``torch.OneCycleLR(max_lr=0.01, total_steps=1000)`` names a module of
:mod:`lr_curves.presets` (a fixed list of files in this package: nothing else is imported) and a
name in that module's ``__all__``. Arguments are checked against the preset's signature first,
so a missing or misspelt argument gets a one-line message in the user's words instead of
Python's ``TypeError`` text.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from typing import Any

__all__ = ["call_preset", "peers", "preset_factory", "suggest"]


def suggest(word: str, options: Iterable[str]) -> str:
    """``" Did you mean 'x'?"`` for a near miss among ``options``, or ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.7)
    if not close:
        lowered = {o.lower(): o for o in options}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f" Did you mean {close[0]!r}?" if close else ""


def peers() -> list[str]:
    """The preset modules: the files of ``lr_curves.presets`` (listed, not imported)."""
    import sys

    from lr_curves import presets

    names = {m.name for m in pkgutil.iter_modules(presets.__path__)}
    prefix = "lr_curves.presets."
    loaded = (k[len(prefix) :] for k in list(sys.modules) if k.startswith(prefix))
    names |= {k for k in loaded if "." not in k}
    return sorted(n for n in names if not n.startswith("_"))


class PresetError(ValueError):
    """A preset that cannot be called: unknown peer or name, or arguments it does not take."""


def preset_factory(peer: str, name: str) -> Callable[..., Any]:
    """``lr_curves.presets.<peer>.<name>``, refusing anything but a public preset.

    Raises:
        PresetError: unknown peer or name (with "did you mean" for near misses).
    """
    known = peers()
    if peer not in known:
        raise PresetError(
            f"unknown preset peer {peer!r}.{suggest(peer, known)} Preset peers: {', '.join(known)}"
        )
    module_name = f"lr_curves.presets.{peer}"
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise PresetError(f"{peer}.{name}: cannot import {module_name}: {exc}") from None
    public = [n for n in getattr(module, "__all__", ()) if isinstance(n, str)]
    factory = getattr(module, name, None) if name in public else None
    if factory is None or not callable(factory):
        hint = suggest(name, public)
        raise PresetError(
            f"unknown preset {peer}.{name}.{hint} {module_name} has: {', '.join(sorted(public)) or 'none'}"
        )
    return factory  # type: ignore[no-any-return]


def check_arguments(
    full: str, factory: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any]
) -> None:
    """Refuse arguments ``factory`` does not take, in the user's words (before calling it)."""
    try:
        sig = inspect.signature(factory)
    except (TypeError, ValueError):  # pragma: no cover - every preset is a Python function
        return
    params = sig.parameters
    names = [n for n, p in params.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
    for key in kwargs:
        if key not in params and not takes_any:
            raise PresetError(
                f"{full} has no argument {key!r}.{suggest(key, names)} Its arguments: {', '.join(names)}"
            )
    try:
        sig.bind(*args, **kwargs)
    except TypeError:
        missing = [
            n
            for n, p in params.items()
            if p.default is p.empty
            and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
            and n not in kwargs
        ][len(args) :]
        if missing:
            need = " ".join(f"{m}=..." for m in missing)
            raise PresetError(f"{full} needs {', '.join(missing)} (give {need})") from None
        raise PresetError(
            f"{full} takes at most {sum(1 for p in params.values() if p.kind is p.POSITIONAL_OR_KEYWORD)} "
            f"positional arguments, got {len(args)}: give the others as key=value"
        ) from None


def call_preset(peer: str, name: str, args: Sequence[Any] = (), kwargs: dict[str, Any] | None = None) -> Any:
    """``lr_curves.presets.<peer>.<name>(*args, **kwargs)`` with its arguments checked first.

    Returns whatever the preset returns (a schedule, or a metric-driven reducer: the caller
    decides). Errors the preset itself raises (``ValueError``/``TypeError``, already naming it)
    pass through unchanged.

    Raises:
        PresetError: unknown peer or name, an argument it does not take, or one it needs.
    """
    kw = dict(kwargs or {})
    factory = preset_factory(peer, name)
    check_arguments(f"{peer}.{name}", factory, args, kw)
    return factory(*args, **kw)
