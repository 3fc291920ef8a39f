"""KeptMemory: built once per key, the least recently read dropped first, safe between a
threaded server's requests."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from mutualiser.kept import KeptMemory


def test_a_key_is_built_once_then_read():
    kept = KeptMemory(4)
    renders = []

    def render():
        renders.append(1)
        return "<li>carte</li>"

    assert kept.get_or_build("a", render) == "<li>carte</li>"
    assert kept.get_or_build("a", render) == "<li>carte</li>"
    assert len(renders) == 1


def test_beyond_its_size_the_least_recently_read_goes_first():
    kept = KeptMemory(2)
    kept.get_or_build("a", lambda: "A")
    kept.get_or_build("b", lambda: "B")
    kept.get_or_build("a", lambda: "never")  # read: "b" is now the oldest

    kept.get_or_build("c", lambda: "C")

    assert dict(kept.items()) == {"a": "A", "c": "C"}
    assert kept.get_or_build("b", lambda: "B again") == "B again"


class PausedLookup(OrderedDict):
    """Entries whose lookup of "a" waits (0.2 s at most) for another thread to write one."""

    def __init__(self) -> None:
        super().__init__()
        self.pause = False
        self.written = threading.Event()

    def __contains__(self, key) -> bool:
        found = super().__contains__(key)
        if self.pause and key == "a":
            self.written.wait(0.2)
        return found

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        if self.pause:
            self.written.set()


def test_an_entry_found_by_one_request_is_not_dropped_under_it_by_another():
    kept = KeptMemory(1)  # the next entry built drops "a"
    kept._entries = PausedLookup()
    kept.get_or_build("a", lambda: "A")
    kept._entries.pause = True
    answers: dict[str, object] = {}

    def ask(key: str) -> None:
        try:
            answers[key] = kept.get_or_build(key, lambda: f"{key.upper()} built")
        except BaseException as error:  # noqa: BLE001 - reported below
            answers[key] = error

    reader = threading.Thread(target=ask, args=("a",))
    reader.start()
    time.sleep(0.05)  # the reader has found "a" and is paused there
    builder = threading.Thread(target=ask, args=("b",))
    builder.start()
    reader.join()
    builder.join()

    assert answers == {"a": "A", "b": "B built"}
    assert dict(kept.items()) == {"b": "B built"}
