"""Pieces of pages kept rendered: the cards and charts that many members read again and
again (issue 13: 50 members), keyed by everything they show."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class KeptFragments:
    """Rendered fragments by key, the least recently read dropped beyond `size`.

    Safe between a threaded server's requests: a fragment read while another request drops
    it is still returned. Rendering happens outside the lock; two requests that miss the
    same key at once both render it, and the same text is kept.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> str:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        rendered = render()
        with self._lock:
            self._kept[key] = rendered
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return rendered

    def items(self) -> list[tuple[Hashable, str]]:
        with self._lock:
            return list(self._kept.items())

    def __len__(self) -> int:
        return len(self._kept)
