"""Shared test configuration: hypothesis profiles and the Keras backend."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# Machines here are shared and noisy: no deadlines. Every profile checks the same properties with
# the same example counts; only the seeding differs. CI runs derandomized, so that its verdict
# never depends on luck; outside CI each run draws fresh examples (`make fuzz` hunts with many
# seeds); `HYPOTHESIS_PROFILE=thorough` runs ten times as many examples.
settings.register_profile(
    "default", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=100,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow]
)
# `make fuzz` (tests/fuzz_seeds.py): the default profile, seeded from the command line and
# without the example database, so that a failing seed reproduces anywhere.
settings.register_profile(
    "fuzz", deadline=None, max_examples=100, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))


if os.environ.get("LR_CURVES_CORE_ONLY"):
    # The core suite on the other Pythons (.ci/core-pythons) has NumPy and the test tools only:
    # a test module that imports a framework at its top is skipped there, with the reason. (In
    # the full suite every such import must work: nothing is skipped for a missing framework.)
    import importlib.util
    import re

    import pytest

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(collector: pytest.Collector) -> object:
        report = yield
        missing = re.search(r"ModuleNotFoundError: No module named '([\w.]+)'", str(report.longrepr))
        if report.failed and missing and importlib.util.find_spec(missing.group(1).split(".")[0]) is None:
            report.outcome = "skipped"
            report.longrepr = (str(collector.path), 0, f"Skipped: needs {missing.group(1)} (core suite)")
        return report
