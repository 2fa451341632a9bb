"""Errors of the harness. The CLI prints `str(error)` as one line and exits non-zero."""


class EvalError(Exception):
    """Bad input to the harness: a missing run folder, a malformed floor, an unknown suite."""


class GoldError(EvalError):
    """The gold set is malformed, or one of its quotes is no longer in the corpus (drift)."""
