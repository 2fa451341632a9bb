"""Understand the question before anything is searched: check it, resolve a follow-up against the
conversation, recognise what kind of question it is (about the document itself, a definition, an
instruction that must not be followed) and rewrite it once for lexical search.
"""

from rag.query.plan import PreparedQuestion, prepare
from rag.query.validate import MAX_K, check_k, clean_question

__all__ = ["MAX_K", "PreparedQuestion", "check_k", "clean_question", "prepare"]
