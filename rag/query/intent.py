"""Questions the assistant should not try to answer from the corpus, recognised by their form.

Off-topic questions are mostly caught by weak evidence; these patterns catch the ones that share
words with the corpus by accident ("write a function that lists vesicles") and injection attempts.
"""

from __future__ import annotations

import re

_INSTRUCTIONS = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompt|previous|above|system|"
    r"documents?|context|sources?|text|review)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bpretend (to be|you)\b|\bjailbreak\b|\bdeveloper mode\b"
    r"|^\s*(state|say|claim|confirm|declare|repeat after me)\b|\b(state|claim|declare) that\b|</?(context|system)>",
    re.I | re.S,
)
_TASKS = re.compile(
    r"\b(write|give|show|generate|implement|code)\b.{0,30}\b(code|function|script|program|class|regex|sql|poem|"
    r"essay|story|joke|song)\b|\b(python|javascript|java|c\+\+|rust)\b.{0,20}\b(code|function|script)\b"
    r"|\btranslate\b.{0,30}\binto\b",
    re.I | re.S,
)


def classify(question: str) -> str:
    """'instructions', 'task' (not a question about the text) or '' for a normal question."""
    if _INSTRUCTIONS.search(question):
        return "instructions"
    if _TASKS.search(question):
        return "task"
    return ""
