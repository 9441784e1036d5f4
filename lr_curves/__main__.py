"""``python -m lr_curves``: the command line (see :mod:`lr_curves.cli`)."""

from lr_curves.cli import main

raise SystemExit(main())
