"""Two models loading at once (the editor's lyric and chord workers) never meet mid-build."""

from __future__ import annotations

import threading
import time

from lyrictui.device import MODEL_BUILD_LOCK, one_build_at_a_time


def test_loads_in_two_threads_run_one_after_the_other():
    inside: list[int] = []
    overlaps: list[int] = []

    @one_build_at_a_time
    def build(n: int) -> int:
        inside.append(n)
        if len(inside) > 1:
            overlaps.append(n)
        time.sleep(0.05)
        inside.remove(n)
        return n

    threads = [threading.Thread(target=build, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not overlaps


def test_the_engine_and_the_chord_provider_share_the_lock():
    from lyrictui import chord_provider
    from lyrictui.engine import load

    assert load.load_lm.__wrapped__ and chord_provider.load_chord_model.__wrapped__  # one_build_at_a_time
    assert MODEL_BUILD_LOCK.acquire(blocking=False)  # free when nothing loads
    MODEL_BUILD_LOCK.release()
