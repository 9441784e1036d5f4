# Two commands do all the set-up on a fresh machine:
#   make demo   - a virtual environment with lr_curves (and matplotlib), then the demo and its plot
#   make test   - a virtual environment with every test dependency, then every check and test
#   make fuzz   - the property tests under SEEDS fresh random seeds (default 20)
# `make test` also runs the core suite on the oldest and the newest supported Python (PYTHONS).
# Both are idempotent: a second run reinstalls only when pyproject.toml or tests/requirements.txt change.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
TORCH  := torch==2.13.0
TIMM   := timm==1.0.31
# Lightning pins torch loosely: --no-deps keeps the torch above (its other needs are in tests/requirements.txt).
LIGHTNING := lightning==2.6.6 lightning-utilities==0.15.3 torchmetrics==1.9.0

.PHONY: demo test lint typecheck fuzz test-pythons clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core: $(PY) pyproject.toml
	$(PIP) install -e '.[plot]'
	@touch $@

$(VENV)/.test: $(VENV)/.core tests/requirements.txt
	$(PIP) install $(TORCH)
	$(PIP) install -r tests/requirements.txt $(TORCH)
	$(PIP) install --no-deps $(TIMM)
	$(PIP) install --no-deps $(LIGHTNING)
	@touch $@

demo: $(VENV)/.core
	$(PY) -m lr_curves demo --plot demo.png

lint: $(VENV)/.test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(VENV)/.test
	$(PY) -m mypy

# The oldest and the newest supported Python run the core suite (NumPy, no framework).
PYTHONS ?= 3.10 3.13

test: $(VENV)/.test lint typecheck
	$(PY) -m pytest -q
	bash .ci/core-pythons $(PYTHONS)

test-pythons:
	bash .ci/core-pythons $(PYTHONS)

# The property tests under fresh random seeds (CI is derandomized): prints each failing seed
# with the command that reproduces it. `make fuzz SEEDS=50`, `make fuzz PROFILE=thorough`.
SEEDS   ?= 20
PROFILE ?= fuzz
fuzz: $(VENV)/.test
	$(PY) tests/fuzz_seeds.py --seeds $(SEEDS) --profile $(PROFILE)

clean:
	rm -rf $(VENV) .venv-py*
