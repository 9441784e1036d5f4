"""Peer schedulers rebuilt from the lr_curves algebra, one module per peer.

``lr_curves.presets.<peer>.<Name>(**kwargs)`` takes the peer's own class or function name and
keyword arguments (minus framework objects; ``base_lr=`` where the peer reads the optimizer's
lr) and returns an ``lr_curves`` schedule giving the peer's numbers. Import the peer module you
need, e.g. ``from lr_curves.presets import torch as T``; none of them imports its framework.
"""

__all__: list[str] = []
