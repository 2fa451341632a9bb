from collections.abc import Callable

from rag.answer.evidence import Evidence, ScoredSentence
from rag.answer.select import announces, select, supports
from rag.types import Chunk, Passage

TEXT = (
    "Graphene nanofibers sense glucose. The detection limit was 0.1 nM. Graphene nanofibers sense glucose well. "
    "The sensor was stable for 30 days."
)


def sentence(text: str, score: float, lexical: float = 1.0) -> ScoredSentence:
    start = TEXT.index(text)
    return ScoredSentence(0, start, start + len(text), text, score, lexical, score)


def evidence(*sentences: ScoredSentence) -> Evidence:
    passage = Passage(Chunk("c", "d", "Results", TEXT, 0, len(TEXT)), 1.0)
    terms = {"graphen": 1.0, "glucos": 1.0, "detect": 1.0, "limit": 1.0, "stabl": 1.0}
    return Evidence([passage], sorted(sentences, key=lambda s: -s.score), terms=terms)


def test_the_best_sentence_comes_first_and_close_ones_follow_in_reading_order() -> None:
    chosen = select(
        evidence(
            sentence("The sensor was stable for 30 days.", 0.9), sentence("Graphene nanofibers sense glucose.", 0.88)
        ),
        4,
    )
    assert [s.text for s in chosen] == ["The sensor was stable for 30 days.", "Graphene nanofibers sense glucose."]


def test_a_near_duplicate_or_a_weak_sentence_does_not_join() -> None:
    chosen = select(
        evidence(
            sentence("Graphene nanofibers sense glucose.", 0.9),
            sentence("Graphene nanofibers sense glucose well.", 0.89),
            sentence("The sensor was stable for 30 days.", 0.5),
        ),
        4,
    )
    assert [s.text for s in chosen] == ["Graphene nanofibers sense glucose."]


def test_a_less_close_sentence_joins_only_when_it_covers_a_term_the_others_lack() -> None:
    adds = evidence(
        sentence("Graphene nanofibers sense glucose.", 0.9), sentence("The detection limit was 0.1 nM.", 0.7)
    )
    assert len(select(adds, 4)) == 2
    repeats = evidence(
        sentence("The detection limit was 0.1 nM.", 0.9), sentence("Graphene nanofibers sense glucose well.", 0.2)
    )
    assert len(select(repeats, 4)) == 1
    assert len(select(adds, 1)) == 1


def test_a_claim_is_supported_only_with_its_terms_and_every_number() -> None:
    limit = sentence("The detection limit was 0.1 nM.", 0.9, lexical=1.0)
    assert supports("the detection limit was 0.1 nM", limit, {})
    assert not supports("the detection limit was 5 nM", limit, {})
    assert not supports(
        "the detection limit was 0.1 nM", sentence("The detection limit was 0.1 nM.", 0.9, lexical=0.3), {}
    )


ROWS = "Open | reported open: 144 | reported closed: 43\nClosed | reported open: 5 | reported closed: 308"


def test_another_row_of_the_quoted_table_joins_only_with_a_term_of_its_own() -> None:
    """Rows of one table share its caption and headers, so every row scores close to the one asked about."""
    table = Passage(Chunk("t", "d", "Table 1: Accuracy of the service", ROWS, 0, len(ROWS), kind="table"), 1.0)
    prose = Passage(Chunk("c", "d", "Results", TEXT, 0, len(TEXT)), 0.9)
    first, second = ROWS.split("\n")

    def row(text: str, score: float) -> ScoredSentence:
        start = ROWS.index(text)
        return ScoredSentence(0, start, start + len(text), text, score, 1.0, score, kind="table")

    limit = TEXT.index("The detection limit was 0.1 nM.")
    in_prose = ScoredSentence(1, limit, limit + 31, "The detection limit was 0.1 nM.", 0.88, 1.0, 0.88)
    rows = Evidence([table, prose], [row(first, 0.9), row(second, 0.89), in_prose], terms={"open": 1.0})
    assert [s.text for s in select(rows, 4)] == [first, "The detection limit was 0.1 nM."]


def passages_of(
    *chunks: tuple[str, str, int], papers: tuple[str, ...] = ()
) -> tuple[list[Passage], Callable[[int, str, float], ScoredSentence]]:
    """Passages of (section, text, position), of one paper unless `papers` names each one's, and a maker of
    scored sentences of them: (passage, text, score)."""
    passages = [
        Passage(Chunk(str(n), (papers or ("d",) * len(chunks))[n], section, text, 0, len(text), position=position), 1.0)
        for n, (section, text, position) in enumerate(chunks)
    ]

    def at(index: int, text: str, score: float) -> ScoredSentence:
        start = passages[index].chunk.text.index(text)
        return ScoredSentence(index, start, start + len(text), text, score, 1.0, score)

    return passages, at


def test_a_section_asked_for_by_name_is_quoted_whole_best_first_then_as_it_reads() -> None:
    """ "Who funded the MmPPOX study?" quoted "V. Delorme was funded by a PhD fellowship…" and "The funders had
    no role…", whose scores are close, and left out the sentence naming the main funders, whose list of
    grant numbers scores low. Sentences of other sections still need the usual closeness to join."""
    funding = "A. B. held a fellowship. This work was supported by the CNRS (ANR 2007-184840). The funders had no role."
    results = "Graphene nanofibers sense glucose."
    passages, at = passages_of(("Funding", funding, 9), ("Results", results, 2))
    scored = [
        at(0, "The funders had no role.", 0.6),
        at(0, "A. B. held a fellowship.", 0.55),
        at(1, results, 0.5),
        at(0, "This work was supported by the CNRS (ANR 2007-184840).", 0.2),
    ]
    asked = Evidence(passages, scored, terms={"fund": 1.0}, asked=frozenset({0}))
    assert [s.text for s in select(asked, 4)] == [
        "The funders had no role.",
        "A. B. held a fellowship.",
        "This work was supported by the CNRS (ANR 2007-184840).",
    ]
    assert [s.text for s in select(asked, 2)] == ["The funders had no role.", "A. B. held a fellowship."]
    plain = Evidence(passages, scored, terms={"fund": 1.0})
    assert "This work was supported by the CNRS (ANR 2007-184840)." not in [s.text for s in select(plain, 4)]


def test_a_sentence_that_announces_the_next_ones_is_quoted_with_them() -> None:
    """ "What are the limitations of this study?" was answered "This study has several important
    limitations." alone: the limitations are the sentences after it, here in the next (overlapping) passage."""
    first = "OA may shape cancellations. This study has several important limitations."
    second = "This study has several important limitations. Our data only has articles with DOIs. It misses some."
    passages, at = passages_of(("Discussion", first, 5), ("Discussion", second, 6))
    scored = [
        at(0, "This study has several important limitations.", 0.9),
        at(0, "OA may shape cancellations.", 0.5),
        at(1, "It misses some.", 0.3),
        at(1, "Our data only has articles with DOIs.", 0.2),
    ]
    chosen = select(Evidence(passages, scored, terms={"limit": 1.0}), 4)
    assert [s.text for s in chosen] == [
        "This study has several important limitations.",
        "Our data only has articles with DOIs.",
        "It misses some.",
    ]
    assert announces("The results were as follows:") and not announces("CSP was given in drinking water.")


def test_a_section_asked_of_a_reading_list_is_quoted_paper_by_paper() -> None:
    """ "Who funded these studies?" over two papers cut the second paper's main funder at four sentences;
    each paper now has up to the answer's length, the best sentence's paper first."""
    first, second = "A. held a fellowship. The CNRS paid. Funders had no role.", "We thank B. The MOST paid."
    passages, at = passages_of(
        ("Funding", first, 9), ("Acknowledgments and funding", second, 7), papers=("pone", "pmc")
    )
    scored = [at(0, "A. held a fellowship.", 0.7), at(1, "We thank B.", 0.6), at(0, "Funders had no role.", 0.5)]
    scored += [at(1, "The MOST paid.", 0.3), at(0, "The CNRS paid.", 0.2)]
    asked = Evidence(passages, scored, terms={"fund": 1.0}, asked=frozenset({0, 1}))
    assert [s.text for s in select(asked, 2)] == [
        "A. held a fellowship.",
        "The CNRS paid.",
        "We thank B.",
        "The MOST paid.",
    ]


def test_a_figure_asked_about_is_read_from_its_caption_then_the_sentence_saying_what_it_shows() -> None:
    """ "What does Figure 2 show?": a legend's later sentence may read most like the question, but the
    caption's title says what the figure shows; one sentence of the text naming the figure follows."""
    legend = "Fig. 2: Doses of the drug by species. (A) Rats. (B) Mice. (C) Dogs."
    results = "Rats gained weight (Fig. 2A). Figure 2 presents the doses by species."
    passages = [
        Passage(Chunk("f", "d", "Fig. 2", legend, 0, len(legend), kind="figure", position=8), 1.0),
        Passage(Chunk("r", "d", "Results", results, 0, len(results), position=3), 1.0),
    ]

    def at(index: int, text: str, score: float) -> ScoredSentence:
        chunk = passages[index].chunk
        start = chunk.text.index(text)
        return ScoredSentence(index, start, start + len(text), text, score, 1.0, score, chunk.kind)

    scored = [
        at(0, "(B) Mice.", 1.4),
        at(0, "(C) Dogs.", 1.35),
        at(0, "Fig. 2: Doses of the drug by species.", 1.3),
        at(0, "(A) Rats.", 1.2),
        at(1, "Figure 2 presents the doses by species.", 0.5),
        at(1, "Rats gained weight (Fig. 2A).", 0.4),
    ]
    asked = Evidence(passages, scored, terms={"2": 1.0}, asked=frozenset({0}))
    assert [s.text for s in select(asked, 4)] == [
        "Fig. 2: Doses of the drug by species.",
        "(A) Rats.",
        "(B) Mice.",
        "Figure 2 presents the doses by species.",
    ]
