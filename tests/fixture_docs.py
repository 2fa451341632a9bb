"""Small documents the loader and fetch tests write themselves (never copies of real files)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag import Assistant
from rag.settings import Settings

JATS_DOI = "10.9999/test.2025.1"


def jats_article(body: bool = True) -> str:
    """A PMC-shaped JATS article: DTD reference, nested sections, figure, table, references."""
    main = (
        """
<body>
<sec id="s1"><label>1</label><title>Introduction</title>
<p>Vesicles carry cargo between cells [<xref ref-type="bibr" rid="B1">1</xref>].</p>
<p>Several groups saw resistance <xref ref-type="bibr" rid="B2">[2]</xref>&#x2013;<xref ref-type="bibr"
 rid="B3">[3]</xref>, as shown in <xref ref-type="fig" rid="F1">Fig. 1</xref>.</p>
<boxed-text><caption><title>Box 1. Key points</title></caption>
<p>Vesicles <italic>matter</italic><sup><xref ref-type="bibr" rid="B1">1</xref></sup>.</p></boxed-text>
</sec>
<sec id="s2"><label>2</label><title>Methods</title>
<sec id="s2a"><label>2.1</label><title>Patients</title>
<p>We enrolled 40&#xa0;patients (<xref ref-type="bibr" rid="B3">3</xref>).</p>
<fig id="F1"><label>Fig.&#xa0;1</label><caption><title>Study design</title><p>Arms A and B.</p></caption></fig>
<table-wrap id="T1"><label>Table 1</label><caption><p>Baseline characteristics.</p></caption>
<table><thead><tr><th>Group</th><th>n</th></tr></thead>
<tbody><tr><td>A</td><td>20</td></tr><tr><td>B</td><td>20</td></tr></tbody></table>
<table-wrap-foot><fn><p>Counts are patients.</p></fn></table-wrap-foot></table-wrap>
</sec></sec>
</body>"""
        if body
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2//EN"
 "http://jats.example.invalid/JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML"
 article-type="review-article">
<front>
<journal-meta><journal-title-group><journal-title>Journal of Tests</journal-title></journal-title-group></journal-meta>
<article-meta>
<article-id pub-id-type="pmc">1234567</article-id>
<article-id pub-id-type="doi">{JATS_DOI}</article-id>
<title-group><article-title>Vesicles in therapy resistance</article-title></title-group>
<contrib-group>
<contrib contrib-type="author"><name><surname>Shan</surname><given-names>Chan</given-names></name></contrib>
<contrib contrib-type="author"><name><surname>Li</surname><given-names>Peifeng</given-names></name></contrib>
</contrib-group>
<pub-date pub-type="epub"><day>1</day><month>1</month><year>2025</year></pub-date>
<volume>20</volume><issue>1</issue><fpage>347</fpage><lpage>366</lpage>
<permissions><license><license-p>Open access under a
<ext-link ext-link-type="uri" xlink:href="https://creativecommons.org/licenses/by/4.0/">CC BY licence</ext-link>.
</license-p></license></permissions>
<abstract><p>Main abstract text about vesicles.</p></abstract>
<abstract abstract-type="editors-summary"><p>Editors summary that must be left out.</p></abstract>
</article-meta>
</front>
{main}
<back><ref-list><title>References</title>
<ref id="B1"><label>1</label><element-citation publication-type="journal">
<person-group person-group-type="author"><name><surname>Smith</surname><given-names>John Adam</given-names></name>
<name><surname>Doe</surname><given-names>JB</given-names></name></person-group>
<article-title>Exosomes and cisplatin</article-title><source>Cancer Res</source><year>2019</year>
<volume>79</volume><fpage>1</fpage><lpage>9</lpage><pub-id pub-id-type="doi">10.1000/cr.2019.1</pub-id>
</element-citation></ref>
<ref id="B2"><label>2</label><mixed-citation publication-type="journal"><name><surname>Roe</surname>
<given-names>R</given-names></name> (<year>2020</year>) <article-title>Resistance</article-title>. <source>Cell</source>
</mixed-citation></ref>
<ref id="B3"><label>3</label><mixed-citation publication-type="journal"><name><surname>Poe</surname>
<given-names>E</given-names></name> (<year>2021</year>) <article-title>Trials</article-title>. <source>Lancet</source>
</mixed-citation></ref>
</ref-list></back>
</article>
"""


def html_page() -> str:
    """A publisher-style article page with navigation, scripts, styles and page chrome."""
    return """<!DOCTYPE html><html><head>
<meta name="citation_title" content="Open access at scale">
<meta name="citation_author" content="Heather Piwowar"><meta name="citation_author" content="Jason Priem">
<meta name="citation_journal_title" content="PeerJ"><meta name="citation_date" content="2018-02-13">
<meta name="citation_doi" content="10.7717/peerj.9999">
<style>.x { color: red }</style><script>var tracking = "SCRIPT-TEXT";</script>
<script src="https://cdn.example.invalid/bundle.js"></script>
</head><body>
<nav><a href="/">Home</a> NAV-TEXT</nav>
<div class="sidebar">Subscribe to our newsletter</div>
<article>
<header><h1>Open access at scale</h1><h2>Abstract</h2><p>We measured open access.</p></header>
<main>
<section><h2>Introduction</h2>
<p>Open access is growing (<a class="xref xref-bibr" href="#ref-2">Roe, 2020</a>).</p>
<section><h3>Prevalence</h3><p>About 28% of <i>articles</i> are open<sup><a href="#ref-1">1</a></sup>.</p>
<script>alert("INLINE-SCRIPT")</script></section>
</section>
<figure id="fig-1"><img src="fig1.png"><figcaption>Figure 1: Share of open articles.</figcaption></figure>
<figure class="table-wrap"><div class="caption">Table 1: Samples.</div>
<table><tr><th>Sample</th><th>Size</th></tr><tr><td>Crossref</td><td>100000</td></tr></table></figure>
</main>
<footer><p>This article is under a <a rel="license" href="http://creativecommons.org/licenses/by/4.0/">CC BY</a>
licence.</p><h2>References</h2><ul class="ref-list">
<li id="ref-1">Smith J. 2019. First work. <a href="https://doi.org/10.1000/first">doi</a></li>
<li id="ref-2">Roe R. 2020. Second work. Cell.</li>
</ul></footer>
</article>
<div class="share">Share on Twitter CHROME-TEXT</div>
<form><button>Sign in</button></form>
</body></html>"""


HEADINGS = {"1 Introduction", "2 Methods", "References"}
LEFT = [
    "1 Introduction",
    "Alpha sentence opens the left column.",
    "Extracellular vesicles carry inhibi-",
    "tors between cells in vitro.",
    "Alpha sentence closes the left column here.",
    "Another left line of ordinary body text.",
    "A last left line of ordinary body text.",
]
RIGHT = [
    "2 Methods",
    "Beta sentence opens the right column.",
    "Samples were collected from forty",
    "patients at two sites in total.",
    "Beta sentence closes the right column.",
    "Another right line of ordinary body text.",
    "A last right line of ordinary body text.",
]


def two_column_pdf(path: Path, pages: int = 3, foot: Sequence[str] = ()) -> Path:
    """A two-column PDF with a running header, a page-number footer and a hyphenated word; `foot`: lines
    in small type at the foot of page 1, under both columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(60, height - 30, "Journal of Tests 2025; 20: 1-9")
        pdf.drawString(width / 2, 25, str(number))
        if number == 1:
            pdf.setFont("Helvetica-Bold", 18)
            pdf.drawString(60, height - 90, "Vesicles in a Generated Test Article")
        columns = (LEFT, RIGHT) if number == 1 else _later_page(number)
        for x, lines in zip((60, width / 2 + 15), columns, strict=True):
            y = height - 140
            for line in lines:
                bold = line in HEADINGS
                pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 10)
                pdf.drawString(x, y, line)
                y -= 14
        if number == 1:
            pdf.setFont("Helvetica", 7)
            for n, line in enumerate(foot):
                pdf.drawString(60, 130 - 9 * n, line)
        pdf.showPage()
    pdf.save()
    return path


def _later_page(number: int) -> tuple[list[str], list[str]]:
    if number < 3:
        left = [f"Gamma text on page {number} in the left column.", "It continues for a while here."] * 3
        right = [f"Delta text on page {number} in the right column.", "It also goes on a little."] * 3
        return left, right
    left = [
        "Figure 1. Study design of the test.",
        "",
        "References",
        "1. Smith J, Doe A: Exosomes and",
        "cisplatin. Cancer Res 2019, 79:1-9.",
    ]
    right = ["2. Roe R: Resistance in cells.", "Cell 2020, 3:4-5.", "3. Poe E: Trials. Lancet 2021."]
    return left, right


def small_article(title: str, abstract: str, body: str) -> str:
    """A minimal JATS research article: a title, a one-paragraph abstract and `body` (sections, floats)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<article article-type="research-article"><front><article-meta>
<title-group><article-title>{title}</article-title></title-group>
<abstract><p>{abstract}</p></abstract>
</article-meta></front><body>{body}</body></article>"""


@contextmanager
def assistant_over(root: Path, files: Mapping[str, str], **settings: Any) -> Iterator[Assistant]:
    """An assistant over a corpus of `files` (name -> text) written under `root`, ingested and ready."""
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    with Assistant(Settings(data_dir=root / "data", corpus_dir=corpus, **settings)) as assistant:
        assistant.ingest(progress=False)
        yield assistant
