"""What is kept between requests, in each process: the diagnostic's results (results_cache)
and the rendered cards that many members read again and again (issue 13: 50 members), each
under a key made of everything it depends on."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class KeptMemory:
    """A small least-recently-used memory, safe across a threaded server's requests.

    Building happens outside the lock (scoring or rendering must not hold up other
    requests); two requests that miss the same key at once both build it, and the same
    value is kept. A value read while another request drops it is still returned.
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], object]) -> object:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = build()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def items(self) -> list[tuple[Hashable, object]]:
        with self._lock:
            return list(self._entries.items())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
