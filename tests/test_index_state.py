"""A Hypothesis state machine against a plain model of the expected index: add, modify and delete documents,
re-ingest, restart the assistant; after every ingest the served index equals what the model says and the
store holds nothing more. Seeded (derandomized) so a failure replays; the seed is the test's name."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from rag import Assistant, IndexMissingError
from tests.crash_ingest import settings as index_settings
from tests.fakes import HashEmbedder
from tests.test_crash import TEXTS, expected

pytestmark = pytest.mark.slow

NAMES = st.sampled_from(["alpha", "beta", "gamma", "delta"])
BODIES = st.sampled_from(TEXTS)


class IndexMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="rag-state-"))
        self.corpus = self.root / "corpus"
        self.corpus.mkdir()
        self.model: dict[str, str] = {}  # what the corpus folder holds
        self.version = 0  # every write changes the text, so a rewrite always leaves stale chunks behind
        self.indexed: dict[str, str] | None = None  # what the last ingest indexed (None: never ingested)
        self.assistant = self._open()

    def _open(self) -> Assistant:
        return Assistant(index_settings(self.root / "data", self.corpus), embedder=HashEmbedder())

    @initialize(body=BODIES)
    def first_ingest(self, body: str) -> None:
        self.add_or_modify("alpha", body)
        self.ingest()

    @rule(name=NAMES, body=BODIES)
    def add_or_modify(self, name: str, body: str) -> None:
        self.version += 1
        text = f"{body} {name.title()} holds this, version {self.version}."
        (self.corpus / f"{name}.md").write_text(f"# {name.title()}\n\n{text}\n")
        self.model[name] = text

    @rule(name=NAMES)
    def delete(self, name: str) -> None:
        (self.corpus / f"{name}.md").unlink(missing_ok=True)
        self.model.pop(name, None)

    @rule()
    def ingest(self) -> None:
        if not self.model:
            return  # an empty corpus indexes nothing new; covered by the ingest tests
        self.assistant.ingest()
        self.indexed = dict(self.model)

    @rule()
    def restart(self) -> None:
        self.assistant.close()
        self.assistant = self._open()

    @invariant()
    def served_index_matches_the_model(self) -> None:
        if self.indexed is None:
            with pytest.raises(IndexMissingError):
                self.assistant.info()
            return
        info = self.assistant.info()
        assert {d.doc_id for d in info.documents} == set(self.indexed)
        if self.indexed == self.model:
            chunk_ids, sentence_ids = expected(self.root / "data", self.corpus)
            assert set(self.assistant._loaded().snapshot.manifest.bm25.ids) == chunk_ids
            store = self.assistant._open_store()
            assert store.ids("chunks") == chunk_ids and set(store.sentence_owners()) == sentence_ids
            assert len(store.ids("documents")) == len(self.indexed)

    def teardown(self) -> None:
        self.assistant.close()
        shutil.rmtree(self.root, ignore_errors=True)


IndexMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
test_index_state_machine = IndexMachine.TestCase
