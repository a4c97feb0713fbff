"""Hypothesis profiles: "ci" is derandomized (same examples every run), "dev" explores.

The profile comes from HYPOTHESIS_PROFILE, else "ci" when the CI variable is set, else "dev".
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, max_examples=60, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
