"""The test suite's settings: the site's own, in development (plain http, a generated key).

pytest-django imports the settings before any conftest runs, so the environment is set here;
subprocesses started by tests inherit it. Tests of production behaviour start a subprocess
without MUTUALISER_ENV (tests/security/test_deploy_settings.py).
"""

import os

os.environ.setdefault("MUTUALISER_ENV", "development")

from mutualiser.settings import *  # noqa: E402, F403
