"""Form pieces shared by the apps."""

from __future__ import annotations


class PlainLabelsMixin:
    """Labels without Django's trailing colon (" :" in French), as on every form of the site."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
