"""The partner search's small region (tests/partners/conftest.py), for the fault tests."""

from tests.partners.conftest import accounting, region, studio  # noqa: F401
