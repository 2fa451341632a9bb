"""The package layout is the pipeline: stages import only from stages before them, and the top level stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RAG = Path(__file__).resolve().parents[1] / "rag"
STAGES = ["text", "index", "query", "retrieval", "answer", "present", "adapters"]
ROOT = {"settings", "types", "errors", "registry"}  # every stage may use these; they import no stage
FACADE = {"assistant", "pipeline"}  # compose the stages; only adapters call them


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rag"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("rag"))
    return found


def test_top_level_has_at_most_twelve_modules() -> None:
    modules = [p for p in RAG.iterdir() if p.suffix == ".py"]
    assert len(modules) <= 12, sorted(p.name for p in modules)
    assert {p.name for p in RAG.iterdir() if p.is_dir() and not p.name.startswith("__")} == set(STAGES)


@pytest.mark.parametrize("stage", STAGES)
def test_stages_import_only_earlier_stages(stage: str) -> None:
    allowed = set(STAGES[: STAGES.index(stage) + 1])
    for path in (RAG / stage).rglob("*.py"):
        for module in _imports(path):
            parts = module.split(".")
            if len(parts) == 1:  # `from rag import X`: the public API, for adapters only
                assert stage == "adapters", f"{path.relative_to(RAG)} imports the top-level package"
                continue
            target = parts[1]
            ok = target in allowed or target in ROOT or (stage == "adapters" and target in FACADE)
            assert ok, f"{path.relative_to(RAG)} imports {module} (a later stage)"


@pytest.mark.parametrize("name", sorted(ROOT))
def test_root_modules_import_no_stage(name: str) -> None:
    for module in _imports(RAG / f"{name}.py"):
        assert module.split(".")[1] in ROOT, f"{name}.py imports {module}"


def test_every_package_says_what_lives_in_it() -> None:
    for init in RAG.rglob("__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 40, f"{init.relative_to(RAG)} has no docstring"
