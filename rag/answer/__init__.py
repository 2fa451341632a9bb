"""Score evidence and compose answers.

`evidence` scores every sentence of the retrieved passages against the question; `answerers/` turn the
scored evidence into an `Answer` (extractive by default, LLMs optionally), `verify` checks each generated
sentence against the passage sentences, `citing` numbers citations and quotes, `prompts` holds every
phrase the answerers say.
"""
