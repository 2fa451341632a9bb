from rag.present.paste import fit_question

PARAGRAPH = "Exosomes carry microRNAs between cells in many tissues. " * 60  # ~3,400 characters


def test_short_messages_pass_unchanged() -> None:
    assert fit_question("  What are MSC-EVs?  ", 2000).text == "What are MSC-EVs?"
    assert fit_question("What are MSC-EVs?", 2000).note == ""


def test_a_long_paste_keeps_the_question_at_its_end() -> None:
    fitted = fit_question(PARAGRAPH + "What does this say about chemoresistance?", 2000)
    assert fitted.text.endswith("What does this say about chemoresistance?") and len(fitted.text) <= 2000
    assert fitted.text.startswith("Exosomes carry")  # starts at a sentence, not mid-word
    assert "limited to 2,000" in fitted.note and "last question" in fitted.note


def test_a_question_before_the_paste_is_kept() -> None:
    fitted = fit_question("What does this mean? " + PARAGRAPH, 500)
    assert fitted.text == "What does this mean?" and fitted.note


def test_no_question_mark_keeps_the_end() -> None:
    fitted = fit_question(PARAGRAPH + "Explain the role of exosomes", 300)
    assert (
        fitted.text.endswith("Explain the role of exosomes") and len(fitted.text) <= 300 and "at its end" in fitted.note
    )
