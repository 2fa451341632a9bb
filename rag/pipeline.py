"""The composition root: the pipeline's parts built from settings, and one question run through them.

    question -> query (clean, correct, follow-up, intent) -> evidence -> answerer -> Answer

Evidence comes one of three ways, by intent: a question about the document itself is answered from its
metadata lines; "what is it about" from its abstract; anything else from retrieval (retrievers, fusion,
reranker), sentence-level recall, the neighbours of strong sentences and, for a question asking two or
three things, each part's own passages, scored sentence by sentence.
`Assistant` owns the lifecycle (store, lock, reloading after ingest); this module decides what runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.answer import prompts
from rag.answer.abstain import KIND_ONLY, answers_kind, with_confidence
from rag.answer.answerers import ANSWERERS, Answerer, Condenser, Question, Verifying
from rag.answer.cited_works import with_cited_works
from rag.answer.digest import per_document, without_registrations
from rag.answer.evidence import (
    NEVER_CANDIDATES,
    Evidence,
    Query,
    SentenceScorer,
    in_named_section,
    is_caption_of,
    tells_making,
)
from rag.answer.lookup import MAX_DOCUMENTS, choose_documents, metadata_evidence
from rag.answer.select import select
from rag.answer.verify import Embed
from rag.errors import ConfigError
from rag.index.chunk import sentence_texts
from rag.index.embed import Embedder
from rag.index.snapshot import IndexSnapshot, StoreSentenceVectors
from rag.index.stores import VectorStore
from rag.query import PreparedQuestion, prepare
from rag.query.hints import asked_sentences, expected_answer, self_references, without_length
from rag.query.intent import Intent, classify
from rag.query.plan import unnamed
from rag.query.spelling import SpellChecker
from rag.retrieval import RERANKERS, RETRIEVERS, Fusion, HybridRetriever, Retrieval, SearchQuery
from rag.retrieval.recall import SentenceRecall
from rag.settings import Settings
from rag.text.acronyms import expand_query
from rag.text.labels import asked_labels
from rag.text.quantities import gives
from rag.types import Answer, Chunk, Passage, Turn

NEIGHBOUR_SEEDS = 3  # the strongest sentences whose neighbouring chunks are read too
EXTRA_CANDIDATES = 3  # passages retrieved beyond k, so passages that hold no candidate can be dropped
FINDINGS_LIFT = 0.2  # how much the last sentence of an abstract gains over its first, for "main finding" questions
OPENING_CHUNKS = 3  # the passages looked at for a document's first one of text (details come first)
MAX_SCANNED = 50  # documents whose titles, keywords and authors a metadata question is matched against
TITLE = Intent("metadata", ("title",))  # what names each paper of a summary over several
AIM_QUESTION = "What was the aim of this study?"  # how any question about a paper's aim is put to its abstract
METHODS_QUESTION = "What methods were used in this study?"  # and any about how it went about it


def build_answerer(settings: Settings, embed: Embed | None = None) -> Answerer:
    """The configured answerer; one that checks its sentences gets the embedding model (`embed`)."""
    answerer = ANSWERERS.get(settings.answerer)(settings)
    return answerer.using(embed) if embed is not None and isinstance(answerer, Verifying) else answerer


@dataclass(frozen=True)
class Pipeline:
    """Everything a question needs, over one snapshot of the index."""

    snapshot: IndexSnapshot
    store: VectorStore
    embedder: Embedder
    retriever: HybridRetriever
    recall: SentenceRecall
    scorer: SentenceScorer
    speller: SpellChecker
    coverage: str
    noun: str

    @classmethod
    def build(cls, settings: Settings, embedder: Embedder, store: VectorStore) -> Pipeline:
        snapshot = IndexSnapshot.read(store, settings)
        names = settings.retriever_names
        if not names:
            raise ConfigError("RAG_RETRIEVERS is empty; set it to bm25,dense (or one of them)")
        retriever = HybridRetriever(
            embedder,
            [RETRIEVERS.get(name)(snapshot, store) for name in names],
            Fusion.from_settings(settings),
            RERANKERS.get(settings.reranker)(settings),
            snapshot,
            recall := SentenceRecall(snapshot),
        )
        bm25 = snapshot.bm25
        vectors = StoreSentenceVectors(store, embedder.embed)
        scorer = SentenceScorer(vectors, bm25.idf, bm25.default_idf, snapshot.acronyms)
        speller = SpellChecker(snapshot.vocabulary)
        return cls(snapshot, store, embedder, retriever, recall, scorer, speller, snapshot.coverage(), snapshot.noun)

    def prepare(self, asked: str, history: Sequence[Turn] = (), answerer: Answerer | None = None) -> PreparedQuestion:
        """With a model that condenses conversations, its standalone question is what is retrieved and
        scored; whether to refuse is still decided on the question as typed."""
        condensed = answerer.condense(asked, history) if isinstance(answerer, Condenser) else ""
        if not condensed:
            return prepare(asked, history, self.snapshot.acronyms, self.speller)
        prepared = prepare(condensed, (), self.snapshot.acronyms, self.speller)
        typed = classify(asked)
        return replace(prepared, intent=typed) if typed.refused else prepared

    def retrieve(self, question: PreparedQuestion, k: int) -> Retrieval:
        """The passages the assistant answers from, best first: for a question about a document itself,
        its metadata (or abstract) passages lead, then what retrieval finds."""
        retrieval = self.retriever.retrieve(question.searched, question.expanded, k)
        lead = self._document_passages(question.intent)
        if not lead:
            return retrieval
        if question.intent.kind == "metadata":  # the passages holding the asked lines first
            answering = {s.passage for s in metadata_evidence(question.intent, lead, several=False).sentences}
            lead = sorted(lead, key=lambda p: lead.index(p) not in answering)
        held = {p.chunk.chunk_id for p in lead}
        passages = [*lead, *(p for p in retrieval.passages if p.chunk.chunk_id not in held)][:k]
        return replace(retrieval, passages=passages)

    def _document_passages(self, intent: Intent) -> list[Passage]:
        """The metadata (or abstract) passages of the documents a metadata (or summary) question is about."""
        if intent.kind not in ("metadata", "summary"):
            return []
        kind = "metadata" if intent.kind == "metadata" else "abstract"
        documents = self._documents_named(intent.topic)
        if intent.section:  # "Summarize the discussion": that section, when each paper has one
            named = [
                p for p in self._passages_of(documents, "body") if in_named_section(p.chunk.section, intent.section)
            ]
            if named and set(_documents_of(named)) == set(documents):
                return named
        passages = self._passages_of(documents, kind)
        if not passages and intent.kind == "summary":  # plain text and BEIR records have no abstract section
            passages = [p for doc_id in documents for p in self._opening(doc_id)]
        return passages

    def _opening(self, doc_id: str) -> list[Passage]:
        """A document's first passage of text (its details aside): what it is about, when no abstract says."""
        chunks = self.snapshot.find_chunks(doc_id, positions=range(OPENING_CHUNKS))
        first = next((c for c in chunks if c.kind not in NEVER_CANDIDATES), None)
        return [Passage(first, 0.0, {}, self.snapshot.title(doc_id))] if first else []

    def _passages_of(self, documents: Sequence[str], kind: str) -> list[Passage]:
        chunks = [c for doc_id in documents for c in self.snapshot.find_chunks(doc_id, kind=kind)]
        return [Passage(c, 0.0, {}, self.snapshot.title(c.doc_id)) for c in chunks]

    def _documents_about(self, question: PreparedQuestion) -> tuple[frozenset[str], PreparedQuestion]:
        """The papers a question means when it names one ("the stroke review") or points back at one ("how
        many studies did it include?" after "which paper is about stroke?"), if they are some of several
        (empty: search them all); and the question to search them with, without the name that chose them."""
        documents = self._documents_named(question.about, literal=True) if question.about else []
        if documents:  # unchanged unless the question's own words named the paper
            question = unnamed(question, self.snapshot.acronyms)
        if not documents and question.quoted:
            documents = self._documents_quoted(question.quoted)
        some = len(documents) < self.snapshot.document_count
        return (frozenset(documents) if some else frozenset()), question

    def _documents_quoted(self, sentences: Sequence[str]) -> list[str]:
        """The one paper every quoted sentence comes from (each found by its words, the best BM25 match), or
        [] when they come from several."""
        found = {self.snapshot.doc_of(hits[0][0]) for s in sentences if (hits := self.snapshot.bm25.search(s, 1))}
        return list(found) if len(found) == 1 else []

    def _documents_named(self, topic: Sequence[str], literal: bool = False) -> list[str]:
        """The documents whose title, journal, keywords or authors hold the topic's words, or the long form
        of a short form among them ("the CSP paper" is the one titled "Curcuminoid submicron particle…");
        `literal`: see `choose_documents`."""
        acronyms = self.snapshot.acronyms
        wanted = set(topic)  # lower case
        long_forms = [acronyms[s] for s in acronyms if s.lower() in wanted] if wanted else []
        words = (*topic, *" ".join(long_forms).split())
        return choose_documents(words, self._candidate_documents(words), strict=True, literal=literal)

    def _candidate_documents(self, topic: Sequence[str]) -> list[dict[str, object]]:
        """The documents a metadata question may mean, with their fields: all of a small corpus; in a large
        one, those whose passages BM25 finds for the question's topic words (or the first few)."""
        snapshot = self.snapshot
        if snapshot.document_count <= MAX_SCANNED or not topic:
            ids = snapshot.manifest.doc_ids(0, MAX_SCANNED)
        else:
            found = snapshot.bm25.search(" ".join(topic), MAX_SCANNED)
            ids = list(dict.fromkeys(snapshot.doc_of(cid) for cid, _ in found))
        fields = snapshot.document_fields(ids)
        return [{"doc_id": d, "title": snapshot.title(d), **fields.get(d, {})} for d in ids]

    def stream(self, question: PreparedQuestion, k: int, answerer: Answerer, asked: str = "") -> Iterator[str | Answer]:
        """Text pieces of the answer as they are produced, then the finished Answer (with timings).
        `asked`: the question as typed, when `question` was condensed from it."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        within, question = self._documents_about(question)
        intent, evidence = self.evidence(question, k, timings, within)
        clock = time.perf_counter()
        coverage, noun = self.snapshot.described(sorted(within)) if within else (self.coverage, self.noun)
        prompt = Question(
            asked or question.asked, question.standalone, coverage, self.snapshot.full_text, intent, noun, question.more
        )
        for piece in answerer.stream(prompt, evidence):
            if isinstance(piece, Answer):
                timings.update(answer=_ms(clock), total=_ms(started))
                note = piece.note or self._sampled(intent, evidence)
                piece = replace(piece, timings_ms=timings, evidence=evidence.strength, note=note)
            yield piece

    def _sampled(self, intent: Intent, evidence: Evidence) -> str:
        """A note when a summary of "these papers", or a field of each ("What are the titles?"), reads only
        some of them (MAX_DOCUMENTS of a longer list)."""
        if intent.kind not in ("summary", "metadata") or intent.topic or not evidence.sentences:
            return ""
        shown = len(evidence.by_document())
        total = self.snapshot.document_count
        reads = "reads" if intent.kind == "summary" else "lists"
        return prompts.NOTE_SOME_PAPERS.format(reads=reads, shown=shown, total=total) if shown < total else ""

    def evidence(
        self, question: PreparedQuestion, k: int, timings: dict[str, float], within: frozenset[str] = frozenset()
    ) -> tuple[Intent, Evidence]:
        """The question's intent (settled once the documents are known) and the evidence for it, from the
        passages of the documents `within` when a question pointing back is about some of them."""
        intent = question.intent
        if intent.refused:
            return intent, Evidence([], [])
        if intent.kind in ("metadata", "summary"):
            clock = time.perf_counter()
            passages = self._document_passages(intent)
            timings["lookup"] = _ms(clock)
            if passages:
                return intent, self._about_documents(question, intent, passages)
            if intent.fields == TITLE.fields and intent.topic:  # "which paper is about mice?", no title says so
                return intent, self._papers_about(question, k, timings)
            intent = Intent("content")  # a topic no document is about: "who wrote the study on X?"
        return intent, self._from_retrieval(question, intent, k, timings, within)

    def _about_documents(self, question: PreparedQuestion, intent: Intent, passages: list[Passage]) -> Evidence:
        documents = _documents_of(passages)
        if intent.kind == "metadata":
            return metadata_evidence(intent, passages, several=len(documents) > 1)
        # "What is it about?": the abstract's sentences, closest to the question and the title first
        titles = " ".join(self.snapshot.title(d) for d in documents)
        asked = without_length(question.scored)  # "in one sentence" is not what the abstract should be close to
        if intent.aim:  # "What is the research question?" would be close to "We encourage further research…"
            asked = AIM_QUESTION
        elif intent.methods:  # "How did they do that?" is like nothing, or (as a follow-up) like the aim before
            asked = METHODS_QUESTION
        in_section = bool(intent.section) and all(in_named_section(p.chunk.section, intent.section) for p in passages)
        # a section is summarised by what it says most, not by what reads like "summarize the discussion"
        vector = self.scorer.centroid(passages) if in_section else self.embedder.embed([f"{asked} {titles}"])[0]
        query = Query(asked, vector, exclude=frozenset(question.exclude))  # "tell me more": what was not said
        evidence = without_registrations(self.scorer.score(query, passages))
        if intent.findings and not in_section:
            evidence = _findings_first(evidence)
        if (intent.aim or intent.methods) and not in_section:
            evidence = _stating_first(evidence, "aim" if intent.aim else "method")
        if len(documents) > 1:  # paper by paper, each named by its title line
            title_lines = metadata_evidence(TITLE, self._passages_of(documents, "metadata"), several=False)
            evidence = per_document(evidence, title_lines, asked_sentences(question.asked))
        return replace(evidence, confidence=1.0)

    def _papers_about(self, question: PreparedQuestion, k: int, timings: dict[str, float]) -> Evidence:
        """The papers whose text answers "which paper is about X?" when no title, journal or keyword names X:
        each one's title line, then its sentence closest to the question (what shows it is about X)."""
        evidence = self._from_retrieval(question, Intent("content"), k, timings)
        documents = list(dict.fromkeys(evidence.document_of(s) for s in select(evidence, MAX_DOCUMENTS)))
        answering = replace(evidence, sentences=[s for s in evidence.sentences if evidence.document_of(s) in documents])
        title_lines = metadata_evidence(TITLE, self._passages_of(documents, "metadata"), several=False)
        return per_document(answering, title_lines, per_paper=1)

    def _from_retrieval(
        self,
        question: PreparedQuestion,
        intent: Intent,
        k: int,
        timings: dict[str, float],
        within: frozenset[str] = frozenset(),
    ) -> Evidence:
        references = intent.kind == "reference"
        retrieval = self.retriever.retrieve(
            question.searched, question.expanded, k + EXTRA_CANDIDATES, with_sentences=True, documents=within
        )
        timings.update(retrieval.timings_ms)
        clock = time.perf_counter()
        passages = [p for p in retrieval.passages if _candidate_kind(p, references)][:k]
        passages = _extended(passages, retrieval.by_sentence)
        passages = self._with_part_passages(question.parts, passages, k, references, within)
        labels = asked_labels(question.scored)
        if labels:
            passages = _extended(passages, self._captions(labels, within or _documents_of(passages)))
        vector = self._scoring_vector(question, retrieval.query)
        query = Query(
            question.scored,
            vector,
            question.define,
            references,
            frozenset(question.exclude),
            question.expects,
            question.subjects,
            labels,
            self_references(question.scored),
        )
        evidence = self.scorer.score(query, passages)
        edges = _edges(evidence)
        if edges:
            extra = self.recall.neighbours(evidence.passages, edges)
            if extra:
                evidence = self.scorer.score(query, [*evidence.passages, *extra])
        evidence = self._with_abstract_definitions(query, evidence)
        evidence = self._with_kind_sentences(query, evidence)
        evidence = self._with_making_sections(query, evidence)
        evidence = with_confidence(
            evidence, expects=question.expects, question=query.text, long_forms=self.snapshot.acronyms
        )
        if question.parts:
            evidence = self._by_parts(question.parts, query, evidence)
        if references and evidence.best:  # "which study": the entries its answer cites, from the list
            title = self.snapshot.title(evidence.document_of(evidence.best))
            evidence = with_cited_works(evidence, self._reference_chunks, title)
        timings["evidence"] = _ms(clock)
        best = evidence.best
        if best and query.defined_in(best.text):
            evidence = replace(evidence, confidence=1.0)  # "what does EV stand for?" and here it is defined
        return evidence

    def _with_abstract_definitions(self, query: Query, evidence: Evidence) -> Evidence:
        """ "What is MmPPOX?" over a paper that uses the name in every section: its passages are all alike to
        the question, and the one sentence saying what it is ("…an oxadiazolone compound, named MmPPOX.")
        is in the abstract, which none of them is. When no candidate defines what a question asks to have
        defined, the abstract passages of the papers the evidence comes from that do are scored too."""
        if not query.define or any(query.defined_in(s.text) for s in evidence.sentences):
            return evidence
        return self._with_passages_holding(query, evidence, ("abstract",), query.defined_in)

    def _with_passages_holding(
        self, query: Query, evidence: Evidence, kinds: Sequence[str], holds: Callable[[str], bool]
    ) -> Evidence:
        """`evidence` scored again with the passages of `kinds` of the papers it comes from that it lacks and
        that hold a sentence `holds` accepts; unchanged when there are none."""
        return self._with_passages(query, evidence, kinds, lambda p: any(holds(t) for t in sentence_texts(p.chunk)))

    def _with_passages(
        self, query: Query, evidence: Evidence, kinds: Sequence[str], keep: Callable[[Passage], bool]
    ) -> Evidence:
        """`evidence` scored again with the passages of `kinds` of the papers it comes from that it lacks and
        `keep` accepts; unchanged when there are none."""
        documents = _documents_of(evidence.passages)
        found = [p for kind in kinds for p in self._passages_of(documents, kind)]
        more = [p for p in _extended(evidence.passages, found)[len(evidence.passages) :] if keep(p)]
        return self.scorer.score(query, [*evidence.passages, *more]) if more else evidence

    def _captions(self, labels: frozenset[tuple[str, str]], documents: Iterable[str]) -> list[Passage]:
        """The caption (and, for a table, the rows) of each figure or table `labels` names, in `documents`:
        "What does Fig. 2 show?" is answered by Figure 2's caption, which the search need not reach (its
        words are those of any sentence citing the figure, and "Figure" is not "Fig.")."""
        papers = list(documents)
        found = [p for kind in sorted({kind for kind, _ in labels}) for p in self._passages_of(papers, kind)]
        return [p for p in found if is_caption_of(p, labels)]

    def _with_kind_sentences(self, query: Query, evidence: Evidence) -> Evidence:
        """ "What further research is needed?" names nothing to search for, and "Further research is needed to
        determine the prevalence of shadowed Green OA." reads little like it to the model. When a question asks
        only for such a kind of sentence (`KIND_ONLY`) and no candidate gives it, the passages of the papers
        the evidence comes from that hold one are scored too, and only sentences of that kind answer it. Over
        several papers each one's best such sentence answers ("Who funded the work?" over a reading list: each
        paper's funder), as no word of the question prefers one paper's."""
        if query.expects not in KIND_ONLY:
            return evidence

        def of_kind(text: str) -> bool:
            return gives(query.expects, text)

        best = evidence.best
        lacking = best is None or not answers_kind(query.expects, best)  # as the answer must (not a table's row)
        several = not evidence.terms and self.snapshot.document_count > 1  # each paper's may be the answer
        if lacking or several:
            evidence = self._with_passages_holding(query, evidence, ("abstract", "body"), of_kind)
        if evidence.terms:  # "What further research on dosing is needed?" is scored on "dosing" as usual
            return evidence
        kinds = replace(evidence, sentences=[s for s in evidence.sentences if answers_kind(query.expects, s)])
        firsts = [sentences[0] for sentences in kinds.by_document().values()][:MAX_DOCUMENTS]
        return replace(kinds, sentences=firsts, ordered=True) if len(firsts) > 1 else kinds

    def _with_making_sections(self, query: Query, evidence: Evidence) -> Evidence:
        """ "How was CSP made?" is answered where the paper says how, under a heading of making that names it
        ("Preparation of aqueous dispersion with CSP"), which the search need not reach: its sentences weigh
        out amounts and name machines, not "CSP was made". Those passages of the papers the evidence comes
        from are scored too."""
        if query.expects != "making" or not evidence.terms:
            return evidence
        terms = evidence.terms
        return self._with_passages(query, evidence, ("body",), lambda p: tells_making(p.chunk.section, terms))

    def _with_part_passages(
        self, parts: Sequence[str], passages: Sequence[Passage], k: int, references: bool, within: frozenset[str]
    ) -> list[Passage]:
        """`passages`, then each part's own top `k` that none of them holds: the answer to one part of
        "what CSP stands for and how it was made" may be in a passage the whole question does not reach."""
        joined = list(passages)
        for part in parts:
            expanded = expand_query(part, self.snapshot.acronyms)
            found = self.retriever.retrieve(part, expanded, k + EXTRA_CANDIDATES, documents=within)
            joined = _extended(joined, [p for p in found.passages if _candidate_kind(p, references)][:k])
        return joined

    def _by_parts(self, parts: Sequence[str], query: Query, evidence: Evidence) -> Evidence:
        """Each part of a compound question scored on the same candidates; the evidence is as strong as
        its strongest reading (the whole question, or one part)."""
        vectors = self.embedder.embed(list(parts))
        queries = [
            replace(query, text=part, vector=vector, expects=expected_answer(part))
            for part, vector in zip(parts, vectors, strict=True)
        ]
        scored = tuple(
            with_confidence(
                self.scorer.score(q, evidence.passages),
                expects=q.expects,
                question=q.text,
                long_forms=self.snapshot.acronyms,
            )
            for q in queries
        )
        readings = (evidence, *scored)
        return replace(evidence, parts=readings, confidence=max(r.confidence for r in readings))

    def _reference_chunks(self, doc_id: str) -> list[Chunk]:
        return self.snapshot.find_chunks(doc_id, kind="references")

    def _scoring_vector(self, question: PreparedQuestion, searched: SearchQuery) -> np.ndarray:
        if question.scored == question.searched:
            return searched.vector
        return self.embedder.embed([question.scored])[0]


def _findings_first(evidence: Evidence) -> Evidence:
    """For "what is the main finding?", abstract sentences ranked with a lift for coming late: an abstract
    reports what was found after why and how, so "Conclusions: …" and "Taken together, our study
    demonstrated…" come before "The aim of this review is…" (weight chosen on the tuning papers)."""
    place: dict[int, float] = {}
    for sentences in evidence.by_document().values():  # each abstract measured from its own start to its own end
        order = sorted(sentences, key=evidence.position_of)
        place.update((id(s), n / max(len(order) - 1, 1)) for n, s in enumerate(order))
    lifted = [replace(s, score=s.score + FINDINGS_LIFT * place[id(s)]) for s in evidence.sentences]
    return replace(evidence, sentences=sorted(lifted, key=lambda s: -s.score))


def _stating_first(evidence: Evidence, kind: str) -> Evidence:
    """For "what was the aim of the study?", the sentences in which a paper says what it set out to do ("In
    this review, we provide…", "The aim of this systematic review is…") before the abstract's background,
    which is as close to the question ("MSCs are a type of stromal cells…"); for "how did they do it?",
    those saying how ("We searched Scopus…"): `kind` "aim" or "method" (see `gives`). Each group keeps
    its order."""
    return replace(evidence, sentences=sorted(evidence.sentences, key=lambda s: not gives(kind, s.text)))


def _extended(passages: Sequence[Passage], more: Sequence[Passage]) -> list[Passage]:
    """`passages`, then those of `more` whose chunk none before them holds."""
    joined = list(passages)
    held = {p.chunk.chunk_id for p in joined}
    for passage in more:
        if passage.chunk.chunk_id not in held:
            held.add(passage.chunk.chunk_id)
            joined.append(passage)
    return joined


def _documents_of(passages: Sequence[Passage]) -> list[str]:
    return list(dict.fromkeys(p.chunk.doc_id for p in passages))


def _candidate_kind(passage: Passage, references: bool) -> bool:
    kind = passage.chunk.kind
    return kind not in NEVER_CANDIDATES and (references or kind != "references")


def _edges(evidence: Evidence) -> list[tuple[int, int]]:
    """(passage index, side) for strong sentences at the start (-1) or end (+1) of their passage."""
    edges = []
    for sentence in evidence.sentences[:NEIGHBOUR_SEEDS]:
        text = evidence.passages[sentence.passage].chunk.text
        if sentence.end >= len(text.rstrip()):
            edges.append((sentence.passage, 1))
        if sentence.start == 0:
            edges.append((sentence.passage, -1))
    return edges


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0
