"""Test configuration: hypothesis profiles (style.md rule 22).

``HYPOTHESIS_PROFILE=ci`` (set by .ci/run) is derandomized with no deadline and no example
database; ``dev`` is the default for local runs; ``nightly`` explores more.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.register_profile("nightly", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
