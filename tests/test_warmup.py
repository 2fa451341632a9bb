import threading

import pytest

from rag.errors import IndexMissingError
from rag.present.warmup import THREAD_NAME, Warmup


def test_the_build_runs_in_the_background_and_the_result_waits_for_it() -> None:
    release = threading.Event()
    closed: list[str] = []

    def build() -> str:
        assert threading.current_thread().name == THREAD_NAME
        release.wait(10)
        return "assistant"

    warmup = Warmup(build, close=closed.append)
    assert not warmup.ready and not warmup.failed  # the page renders meanwhile
    with pytest.raises(TimeoutError):
        warmup.result(timeout=0)
    release.set()
    assert warmup.result(timeout=10) == "assistant" and warmup.ready
    warmup.close()
    assert closed == ["assistant"]


def test_a_failed_build_hands_its_error_to_whoever_asks() -> None:
    def build() -> str:
        raise IndexMissingError("no index yet: run python -m rag ingest")

    warmup = Warmup(build)
    with pytest.raises(IndexMissingError, match="rag ingest"):
        warmup.result(timeout=10)
    assert warmup.failed and not warmup.ready
    warmup.close()  # nothing built, nothing to close
