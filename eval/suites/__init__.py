"""Suites by name. Each is `run(settings, options) -> SuiteResult`, imported only when chosen."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from eval.errors import EvalError
from eval.results import SuiteOptions, SuiteResult

SUITES = ("review", "fulltext", "scifact", "pubmedqa")

Runner = Callable[[Any, SuiteOptions], SuiteResult]


def get_suite(name: str) -> Runner:
    if name not in SUITES:
        raise EvalError(f"unknown suite {name!r}; choose one of: {', '.join(SUITES)}")
    return importlib.import_module(f"eval.suites.{name}").run
