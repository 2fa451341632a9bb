"""A sentence states a quantity only with a measured number (not a citation, figure, name or year), and a
year only outside its citations."""

from __future__ import annotations

import pytest

from rag.query.hints import expected_answer
from rag.text.quantities import gives, states_quantity, states_year, years_in


@pytest.mark.parametrize(
    "text",
    [
        "The detection limit was 0.37 fM.",
        "We found 27.9% of all articles are OA.",
        "Each sample held 100,000 articles.",
        "The reaction is expected to yield a mass increase of +284 Da.",
        "Growth stopped at concentrations under 25 µg/mL.",
        "Three samples were used.",
        "Citations rose twofold.",
        "Sensitivity rose 2.7-fold within a 3-day course.",
    ],
)
def test_measured_numbers_are_quantities(text: str) -> None:
    assert states_quantity(text)


@pytest.mark.parametrize(
    "text",
    [
        "IL-6 and CD81 were raised [12, 13].",
        "As shown in Figure 2 and Table 3 (Smith et al., 2014).",
        "5-FU resistance was first described in 2016.",
        "miR-21 binds sp2 carbon [52–70].",
        "See Fig. 4B and Supplementary S2.",
        "We compared it with the average for similar articles.7",
        "MSC-EVs have manifold effects on 5-FU resistance.",
        "Compound 33RE binds N-ACE (PDB code 4BXK).",
        "It stacks with His 388 and binds Tyr369.",
    ],
)
def test_citations_figures_names_and_years_are_not_quantities(text: str) -> None:
    assert not states_quantity(text)


def test_a_number_the_question_gives_is_not_its_answer() -> None:
    """ "How long is the bond between Tyr 369 and 33RE?" is not answered by a sentence whose only number
    is the one it asks about; a residue's number is no quantity either way, a count of criteria is."""
    question = "What peak concentration did CSP reach at the 0.2 g/kg dose?"
    assert not states_quantity("Mice were gavaged with 0.2 g/kg of CSP.", besides=question)
    assert states_quantity("Mice were gavaged with 0.2 g/kg of CSP.")
    assert states_quantity("Dosage (g/kg): 0.2 | Cmax (μg/ml): 5.96", besides=question)
    assert states_quantity("Studies that met 2 criteria were kept.")


@pytest.mark.parametrize(
    ("question", "expects"),
    [
        ("How many articles were in each sample?", "number"),
        ("What share of the literature is open access?", "number"),
        ("What is the detection limit of the biosensor?", "number"),
        ("At what concentrations did the inhibitor stop growth?", "number"),
        ("What were the recall and the precision of the tool?", "number"),
        ("When was graphene discovered?", "year"),
        ("In what year did the trial start?", "year"),
        ("What is Bronze OA?", ""),
        ("What role do EVs play in resistance?", ""),
        ("How is graphene oxide reduced?", ""),
        ("What is the difference between EVs and exosomes?", "comparison"),
        ("How does MmPPOX differ from THL?", "comparison"),
        ("Compare green and bronze OA.", "comparison"),
        ("How is hybrid OA different from gold OA?", "comparison"),
        ("Green OA versus Gold OA: which is cited more?", "comparison"),
        ("How much higher was the uptake compared with curcuminoids?", "number"),
        ("What different methods were used?", ""),
        ("What are the limitations of this study?", "limitation"),
        ("What limitations do the authors acknowledge?", "limitation"),
        ("What are the limitations of the Malawi study?", "limitation"),  # a paper of a reading list
        ("Does the review mention any weaknesses?", "limitation"),
        ("Limitations?", "limitation"),
        ("What future work do the authors suggest?", "future"),
        ("What further research is needed?", "future"),
        ("What are the next steps?", "future"),
        ("When was the study conducted?", "period"),
        ("When were the data collected?", "period"),
        ("When did the fieldwork take place?", "period"),
        ("What was the study period?", "period"),
        ("Over what period was the study carried out?", "period"),
        ("When was the first trial of the vaccine conducted?", "year"),  # not the paper's own study
        ("Where was the study conducted?", "place"),
        ("Where was it done?", "place"),  # after a question about the study
        ("When was it carried out?", "period"),
        ("Where did the fieldwork take place?", "place"),
        ("In which country was the study done?", "place"),
        ("What was the study setting?", "place"),
        ("Where was the paper published?", ""),  # the journal: metadata
        ("How was MmPPOX made?", "making"),
        ("What ethical approval was obtained?", "approval"),
        ("Was the study approved by an ethics committee?", "approval"),
        ("Did the study receive ethical approval?", "approval"),
        ("Who approved the study?", "approval"),
        ("Which drugs were approved for clinical use?", ""),  # not the study's approval
        ("Who funded the study?", "funding"),
        ("What was the source of funding?", "funding"),
        ("How was the research funded?", "funding"),
        ("Did the authors receive any funding?", "funding"),
        ("Which agencies funded this work?", "funding"),
        ("What are research funders increasingly mandating?", ""),  # funding as the text's subject
        ("Who funds open access journals?", ""),
        ("Did the authors declare any conflicts of interest?", "interests"),
        ("What competing interests do the authors have?", "interests"),
        ("What regions of interest were analysed?", ""),
        ("Where are the data available?", "availability"),
        ("Is the code available?", "availability"),
        ("Where can I find the data?", "availability"),
        ("Where were the data collected?", "place"),  # where the work was done, not where its data are
        ("Which building blocks were commercially available?", ""),
        ("What statistical methods were used?", "statistics"),
        ("Which statistical tests were used to compare groups?", "statistics"),
        ("What statistical software was used?", "statistics"),
        ("What tests were used?", ""),  # the open field test is one
        ("How were the data analysed?", ""),  # "…indexed and scaled with XDS" is one
        ("What is the statistical power of the study?", ""),
        ("How are the nanofibres made?", "making"),
        ("What hampers fibre-making?", ""),
        ("What are the drawbacks of the pre-processing methods?", ""),  # of the methods it reviews
        ("How often is the tool right when it flags a paper?", "number"),
        ("What happens to adherence when the burden grows?", ""),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(question: str, expects: str) -> None:
    assert expected_answer(question) == expects


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Since its discovery in 2004 [50], graphene has been studied.", True),
        ("Data were collected between March 2010 and May 2011.", True),
        ("Graphene is a wonder material (Geim and Novoselov, 2007).", False),
        ("The yield was 2004.5 mg per litre.", False),
        ("A 5-fold rise was seen [2004].", False),
    ],
)
def test_a_year_outside_citations(text: str, names: bool) -> None:
    assert states_year(text) is names


def test_the_years_a_text_names_outside_its_citations() -> None:
    assert years_in("What share of articles published in 2016 were OA?") == {"2016"}
    assert years_in("As Smith showed (Smith et al., 2014) [12], 250 mice") == set()


@pytest.mark.parametrize(
    ("text", "contrasts"),
    [
        ("Unlike THL, MmPPOX was a strong and selective inhibitor.", True),
        ("MIC of MmPPOX are slightly higher than those obtained with THL.", True),
        ("Green OA is self-archived, whereas Gold OA is published open.", True),
        ("Hybrid articles share properties with Gold articles but differ in the venue.", True),
        ("Chemical structures of A, THL and B, MmPPOX.", False),
        ("Stock solutions of MmPPOX or THL were prepared in ACN.", False),
    ],
)
def test_a_comparison_is_answered_by_a_sentence_setting_one_thing_against_another(text: str, contrasts: bool) -> None:
    assert gives("comparison", text) is contrasts


@pytest.mark.parametrize(
    ("text", "owns"),
    [
        ("This study has several important limitations.", True),
        ("A weakness of our review is its English-only search.", True),
        ("Limit of detection limits: 12 µM", False),  # shares the stem of "limitations"
        ("Substrate concentrations and solubility limits were taken as published.", False),
        ("Fragments that are not limited to natural amino acid residues were found.", False),
    ],
)
def test_the_limitations_a_paper_owns_are_said_in_those_words(text: str, owns: bool) -> None:
    assert gives("limitation", text) is owns


@pytest.mark.parametrize(
    ("text", "onward"),
    [
        ("Further research is needed to determine the prevalence of shadowed Green OA.", True),
        ("A fuller examination will be undertaken in future work.", True),
        ("Other ways to improve the dispersity should be investigated.", True),
        ("Top ranking molecules were selected for further study.", False),  # a step of the method
        ("This is of utmost importance for the future of scholarly communication.", False),
    ],
)
def test_what_remains_to_be_done_is_said_in_so_many_words(text: str, onward: bool) -> None:
    assert gives("future", text) is onward


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("Data collection was carried out in June 2010.", True),
        ("Initially, the search was carried out up until March 2011 [42], and later updated to February 2013.", True),
        ("Patients were recruited between 2009 and 2011.", True),
        ("Since its discovery in 2004 [50], graphene has been studied widely.", False),  # no work of the paper
        ("Received 19 July 2013; accepted 9 September 2013.", False),  # the journal's dates
        ("Data were analysed using framework synthesis.", False),  # no date
        ("The search was conducted as in earlier reviews (Smith et al., 2014).", False),  # a citation's year
    ],
)
def test_when_the_work_was_done_is_a_date_beside_the_doing(text: str, dated: bool) -> None:
    assert gives("period", text) is dated


@pytest.mark.parametrize(
    ("text", "placed"),
    [
        ("Behavioral studies were carried out at the Animal Behavioral Core at Brain Research Center.", True),
        ("KCH is a tertiary referral hospital located in the Central Region of Malawi.", True),
        ("Diffraction data were collected on the PX station IO4-1 at Diamond Light Source (Didcot).", True),
        ("One study carried out in Nigeria reported that physiotherapy services lacked equipment [118].", False),
        ("Data collection was carried out in June 2010.", False),  # a date, not a place
        ("Thr 358 is located in the S2 subsite.", False),  # not a place's name
        ("Cells were collected in tubes.", False),
    ],
)
def test_where_the_work_was_done_is_a_name_beside_the_doing(text: str, placed: bool) -> None:
    assert gives("place", text) is placed


@pytest.mark.parametrize(
    ("text", "made"),
    [
        ("MmPPOX was synthesized as previously described [26].", True),
        ("A 6-step synthetic approach resulted in the production of compound 33RE.", True),
        ("The crystals were grown at 16 °C by the hanging drop vapour diffusion method.", True),
        ("Crystals appeared within 3 days.", False),
        ("Graphene enables promising applications in sensor technologies.", False),
    ],
)
def test_how_a_thing_was_made_is_said_by_a_verb_of_making(text: str, made: bool) -> None:
    assert gives("making", text) is made


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Out of the 100 sampled outpatients, 98 responded.", True),
        ("N = 12-17 mice/group.", True),
        ("About 28% of the articles are open.", True),  # a share answers "how many"
        ("Three samples were taken from each ward.", True),
        ("Samples were allowed to air dry at 25°C.", False),
        ("For mass analyses, 20–100 pmol of protein was mixed with 1 µL of matrix.", False),
        ("Cells were spun at 1,000 ×g for 5 min.", False),
    ],
)
def test_a_count_asked_for_is_not_answered_by_a_measure(text: str, counts: bool) -> None:
    """ "What was the sample size?" quoted "Samples were allowed to air dry at 25°C." """
    assert gives("number", text, "How many samples were analysed?") is counts
    assert gives("number", text, "What was the sample size?") is counts
    assert gives("number", text, "How long was each run?")  # a measure answers a measure


@pytest.mark.parametrize(
    ("text", "approves"),
    [
        ("The study was approved by the Institutional Animal Care and Use Committee of the university.", True),
        ("The proposal was reviewed and approved by the research committee of the institute.", True),
        ("Ethical clearance was granted by the national ethics committee.", True),
        ("All authors read and approved the final manuscript.", False),
        ("There are a number of ACE inhibitors that have been approved for clinical use [27].", False),
    ],
)
def test_who_approved_the_work_is_a_committee_and_its_approval(text: str, approves: bool) -> None:
    assert gives("approval", text) is approves


@pytest.mark.parametrize(
    ("text", "funds"),
    [
        ("This work was supported by the Ministry of Science grant (MOST-105-2320-B-010-031).", True),
        ("V. D. was funded by a PhD fellowship from the Ministry of Higher Education.", True),
        ("This study was funded by the Chief Scientist Office.", True),
        ("The Wellcome Trust funded this work.", True),
        ("The organisation that funded the work in this study was the Graphene Council.", True),
        ("The authors received no funding for this work.", True),
        ("Funding institutions are increasingly mandating open access publishing for grantees.", False),
        ("The funders had no role in study design, data collection and analysis.", False),
        ("This hypothesis is supported by the finding that EVs carry microRNAs.", False),
    ],
)
def test_who_paid_for_the_work_is_a_funding_statement(text: str, funds: bool) -> None:
    """ "Who funded the study?" quoted acknowledgements of core facilities before the grant that paid."""
    assert gives("funding", text) is funds


@pytest.mark.parametrize(
    ("text", "declares"),
    [
        ("The authors declare no conflicts of interest.", True),
        ("All other authors have declared that no competing interests exist.", True),
        ("H. P. and J. P. are founders of Impactstory, a non-profit company.", True),
        ("DTE is currently receiving federal funding from the U.S. National Institutes of Health.", True),
        ("The authors received no funding for this work.", False),  # a funding statement, no interest
        ("In Figure S2 the interaction fields in the regions of interest are shown.", False),
        ("Interestingly, Gold articles are actually cited less.", False),
    ],
)
def test_a_declaration_of_interests_is_not_any_interest(text: str, declares: bool) -> None:
    """ "What competing interests do the authors have?" quoted "…the regions of interest are shown." """
    assert gives("interests", text) is declares


@pytest.mark.parametrize(
    ("text", "available"),
    [
        ("All data and material will be made available upon request.", True),
        ("The datasets behind the analysis are openly available at http://doi.org/10.5281/zenodo.837902.", True),
        ("The code is deposited on GitHub.", True),
        ("Data are summarized in Table S1.", False),
        ("The database was prepared using commercially available building blocks: Aldrich, Bionet.", False),
        ("The data were analyzed using StepOne software version 2.0.", False),
    ],
)
def test_where_the_data_are_is_a_statement_of_availability(text: str, available: bool) -> None:
    """ "Where are the data available?" quoted "…commercially available building blocks…"."""
    assert gives("availability", text) is available


@pytest.mark.parametrize(
    ("text", "tests"),
    [
        ("Differences between two means were assessed by paired or unpaired t test.", True),
        ("Differences among multiple means were assessed by one-way ANOVA and Bonferroni's post-hoc test.", True),
        ("Quantitative data were analyzed with Microsoft Excel and Epi-Info Statistical Programme.", True),
        ("The data were analyzed using StepOne software version 2.0.", True),
        ("The detailed refinement statistics for the complex structure are given in Table 2.", False),
        ("By using automated methods, Archambault et al. greatly improved statistical power.", False),
        ("Peptides were further analyzed using MALDI-TOF mass spectrometry.", False),  # an instrument
        ("The samples were analysed in triplicate.", False),
    ],
)
def test_statistical_methods_are_named_tests_or_the_software_that_ran_them(text: str, tests: bool) -> None:
    """ "What statistical methods were used?" quoted "The detailed refinement statistics…"."""
    assert gives("statistics", text) is tests


@pytest.mark.parametrize(
    ("text", "aims"),
    [
        ("The aim of this systematic review is to examine the qualitative literature on treatment burden.", True),
        ("In this review, we provide an overview of the recent advancements in vesicle biogenesis.", True),
        ("This study was devoted to the lipolytic enzymes of the hormone-sensitive lipase family.", True),
        ("This review comprehends graphene-based nanomaterials impregnated in electrospun polymers.", True),
        ("This work further elucidates the molecular basis for N-domain-selective inhibition.", True),
        ("Here we show that the inhibitor blocks growth.", True),
        ("We aimed to measure how staffing changes readmissions.", True),
        ("A situational analysis was performed to aid the department to define its priorities.", True),
        ("This study has several important limitations.", False),
        ("This study was approved by the ethics committee.", False),
        ("Mesenchymal stem cells are stromal cells that renew themselves.", False),
        ("The aim of treatment is to lower blood pressure.", False),  # an aim, not the paper's
        ("Samples were centrifuged to be cleared of debris.", False),
    ],
)
def test_what_a_paper_set_out_to_do_is_said_of_the_paper_itself(text: str, aims: bool) -> None:
    assert gives("aim", text) is aims


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ("Methods: A mix of quantitative and qualitative methods was applied using checklists.", True),
        ("We searched Scopus, CINAHL, Embase, Medline, and PsycINFO.", True),
        ("Data were analysed using framework synthesis.", True),
        ("One scaffold was synthesized and inhibitory binding tested using a fluorogenic assay.", True),
        ("We reviewed the registers of twelve wards over two years.", True),
        ("Readmissions rose by a third when fewer than two nurses were on duty.", False),
        ("Mesenchymal stem cells are stromal cells that renew themselves.", False),
    ],
)
def test_how_the_work_was_done_is_said_by_a_method_or_a_verb_of_doing_it(text: str, how: bool) -> None:
    assert gives("method", text) is how
