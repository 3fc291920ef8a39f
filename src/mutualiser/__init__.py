"""Mutualiser: pooling resources between cultural organisations."""

__version__ = "0.1.0"
