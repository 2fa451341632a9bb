import pytest

from rag.index.cite import Name, citations, iso_abbreviation
from rag.types import DocumentMeta

META = DocumentMeta(
    doc_id="x",
    title="Vesicles in therapy resistance",
    authors=("Shan, Chan", "Liang, Yan", "Wang, Kun", "Li, Peifeng"),
    journal="International Journal of Biological Sciences",
    journal_abbrev="Int J Biol Sci",
    year="2024",
    volume="20",
    issue="1",
    pages="347-366",
    doi="10.1000/xyz",
)


@pytest.mark.parametrize(
    ("name", "family", "given", "nlm", "apa"),
    [
        ("Gopinath, Subash Chandra Bose", "Gopinath", "Subash Chandra Bose", "Gopinath SCB", "Gopinath, S. C. B."),
        ("Heather Piwowar", "Piwowar", "Heather", "Piwowar H", "Piwowar, H."),
        ("Yi-Heng Tai", "Tai", "Yi-Heng", "Tai YH", "Tai, Y.-H."),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig", "van Beethoven L", "van Beethoven, L."),
        ("Madonna", "Madonna", "", "Madonna", "Madonna"),
    ],
)
def test_names_split_into_family_and_given(name: str, family: str, given: str, nlm: str, apa: str) -> None:
    parsed = Name.parse(name)
    assert (parsed.family, parsed.given, parsed.nlm(), parsed.apa()) == (family, given, nlm, apa)


def test_every_style_is_written_from_the_metadata() -> None:
    styles = citations(META)
    assert styles["APA"] == (
        "Shan, C., Liang, Y., Wang, K., & Li, P. (2024). Vesicles in therapy resistance. "
        "International Journal of Biological Sciences, 20(1), 347-366. https://doi.org/10.1000/xyz"
    )
    assert styles["Vancouver"] == (
        "Shan C, Liang Y, Wang K, Li P. Vesicles in therapy resistance. Int J Biol Sci. 2024;20(1):347-366. "
        "doi:10.1000/xyz"
    )
    assert styles["ACS"].startswith("Shan, C.; Liang, Y.; Wang, K.; Li, P. Vesicles in therapy resistance. ")
    assert "Int. J. Biol. Sci. 2024, 20 (1), 347-366. DOI: 10.1000/xyz." in styles["ACS"]
    assert styles["MLA"].startswith("Shan, Chan, et al. \u201cVesicles in therapy resistance.\u201d")
    assert "vol. 20, no. 1, 2024, pp. 347-366." in styles["MLA"]
    assert styles["Chicago"].startswith("Shan, Chan, Yan Liang, Kun Wang, and Peifeng Li. 2024.")
    assert styles["Harvard"].startswith("Shan, C. et al. (2024) \u2018Vesicles in therapy resistance\u2019,")
    assert styles["CSE"].startswith("Shan C, Liang Y, Wang K, Li P. 2024. Vesicles in therapy resistance.")


def test_vancouver_lists_six_authors_then_et_al() -> None:
    many = DocumentMeta("x", "T", authors=tuple(f"Family{i}, Given" for i in range(8)), journal="J", year="2020")
    assert citations(many)["Vancouver"].startswith(
        "Family0 G, Family1 G, Family2 G, Family3 G, Family4 G, Family5 G, et al. T."
    )


def test_no_styles_without_enough_metadata() -> None:
    assert citations(DocumentMeta("x", "Only a title")) == {}
    assert citations(DocumentMeta("x", "", authors=("A B",), journal="J")) == {}


def test_iso_abbreviation_marks_only_shortened_words() -> None:
    assert iso_abbreviation("Int J Biol Sci", "International Journal of Biological Sciences") == "Int. J. Biol. Sci."
    assert iso_abbreviation("Nano Converg", "Nano Convergence") == "Nano Converg."
    assert iso_abbreviation("PLoS One", "PLoS ONE") == "PLoS One"
