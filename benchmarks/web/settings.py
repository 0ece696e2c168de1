"""The measured server: production settings, plus a bench-only URLconf with the "hello" floor view.

Plain HTTP on loopback (no TLS redirect); everything else as deployed.
"""

from egov.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.web.urls"
