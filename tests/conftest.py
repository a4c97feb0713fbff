"""Hypothesis profiles: "ci" is derandomized (same examples every run), "dev" explores.

The profile comes from HYPOTHESIS_PROFILE, else "ci" when the CI variable is set, else "dev".
Also: the modules that mostly wait for other processes run first (see pytest_collection_modifyitems).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, max_examples=60, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))



# The longest modules first, each run whole by one xdist worker (--dist loadfile in pyproject.toml), so the
# workers finish together instead of one running a long module while the other is idle. The first two mostly
# wait for processes they start (a venv and a wheel build; forked golden-generate runs) and overlap the rest.
# The list only orders the run: a module missing from it runs after these, in collection order.
FIRST = ("test_install.py", "test_golden_kill.py", "test_properties.py", "test_rule_formulas.py", "test_proofs.py",
         "test_fuzz.py", "test_xpos.py", "test_golden.py", "test_policy.py", "test_pytest_plugin.py",
         "test_checker_robust.py", "test_checker.py", "test_golden_tamper.py")


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(FIRST)))  # stable: the order within is kept
