"""The demo region: fictional organisations with inventories the engine can pool (docs/demo.md)."""

from .builder import DemoError, DemoSummary, demo_build, demo_delete, demo_digest, demo_exists
from .data import DEFAULT_SEED

__all__ = [
    "DEFAULT_SEED",
    "DemoError",
    "DemoSummary",
    "demo_build",
    "demo_delete",
    "demo_digest",
    "demo_exists",
]
