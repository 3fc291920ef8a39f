"""KeptFragments: rendered once per key, the least recently read dropped first, safe between
a threaded server's requests."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from mutualiser.fragments import KeptFragments


def test_a_key_is_rendered_once_then_read():
    kept = KeptFragments(4)
    renders = []

    def render():
        renders.append(1)
        return "<li>carte</li>"

    assert kept.get_or_render("a", render) == "<li>carte</li>"
    assert kept.get_or_render("a", render) == "<li>carte</li>"
    assert len(renders) == 1


def test_beyond_its_size_the_least_recently_read_goes_first():
    kept = KeptFragments(2)
    kept.get_or_render("a", lambda: "A")
    kept.get_or_render("b", lambda: "B")
    kept.get_or_render("a", lambda: "never")  # read: "b" is now the oldest

    kept.get_or_render("c", lambda: "C")

    assert dict(kept.items()) == {"a": "A", "c": "C"}
    assert kept.get_or_render("b", lambda: "B again") == "B again"


class PreemptedAfterRead(OrderedDict):
    """The kept fragments, with the thread switched out just after each read: the worst
    moment for another thread to drop the fragment read."""

    def get(self, key, default=None):
        found = super().get(key, default)
        time.sleep(0.001)
        return found


def test_threads_read_and_drop_fragments_safely():
    kept = KeptFragments(1)  # every render drops another fragment
    kept._kept = PreemptedAfterRead()
    keys = ["a", "b", "c"]
    failures: list[BaseException] = []

    def read(start: int) -> None:
        # each thread starts at another key: one reads a fragment while another drops it
        order = keys[start:] + keys[:start]
        try:
            for _ in range(30):
                for key in order:
                    assert kept.get_or_render(key, lambda key=key: key.upper()) == key.upper()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=read, args=(k % 3,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(kept) == 1
