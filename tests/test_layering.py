"""The package's layers: every import of every module under src/helpers (at the top, in a
function or under TYPE_CHECKING), read with ast, must keep the modules and the packages
free of circles and the lower stages free of imports from the higher ones."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import helpers

SRC = Path(helpers.__file__).resolve().parent.parent
# Each stage, and the stages it must never import (nor any module under them).
FORBIDDEN = {
    "helpers.tables": ("helpers.batch", "helpers.brief", "helpers.publish", "helpers.review"),
    "helpers.brief": ("helpers.batch", "helpers.publish", "helpers.review"),
    "helpers.publish": ("helpers.batch", "helpers.review"),
    "helpers.review": ("helpers.batch", "helpers.publish"),
}


def module_name(path: Path) -> str:
    """`helpers.a.b` for src/helpers/a/b.py (the package for an __init__.py)."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """The absolute names of the modules (or module members) `path` imports anywhere."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of src/helpers and the project modules it imports."""
    modules = {module_name(path): path for path in SRC.joinpath("helpers").rglob("*.py")}
    return {
        name: {target for target in imported_names(path) if target in modules} - {name}
        for name, path in modules.items()
    }


def cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One import circle of `graph` (its modules in order), or None."""
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = "open"
        for target in graph.get(node, ()):
            if state.get(target) == "open":
                return [*trail[trail.index(target) :], target]
            if target not in state and (found := visit(target, [*trail, target])):
                return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


GRAPH = import_graph()


def test_the_graph_sees_function_level_and_type_checking_imports():
    assert "helpers.batch.worker" in GRAPH["helpers.batch.brief_pool"]  # in a function
    assert "helpers.batch.worker" in GRAPH["helpers.batch.runner"]


def test_cycle_finds_a_circle_and_only_a_circle():
    assert cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert cycle({"a": ["b", "c"], "b": ["c"], "c": []}) is None


def test_batch_imports_form_no_circle():
    batch = {
        name: {target for target in targets if within(target, "helpers.batch")}
        for name, targets in GRAPH.items()
        if within(name, "helpers.batch")
    }
    assert cycle(batch) is None


def test_modules_form_no_circle():
    assert cycle(GRAPH) is None


def package_of(name: str) -> str:
    """The stage a module belongs to: `helpers.tables` for helpers.tables.corpus."""
    return ".".join(name.split(".")[:2])


def test_stages_form_no_circle():
    """No stage imports one that imports it back (tables <-> render, tables <-> sources)."""
    stages: dict[str, set[str]] = {}
    for name, targets in GRAPH.items():
        stages.setdefault(package_of(name), set()).update(
            package_of(target) for target in targets if package_of(target) != package_of(name)
        )
    assert cycle(stages) is None


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_a_lower_stage_never_imports_a_higher_one(stage):
    crossings = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if within(name, stage)
        for target in targets
        if any(within(target, higher) for higher in FORBIDDEN[stage])
    )
    assert crossings == []


def test_the_tables_declaration_and_schema_do_not_import_extraction_facts():
    for name in ("helpers.tables.resources", "helpers.tables.schema", "helpers.tables.export"):
        assert not any(within(target, "helpers.extract.facts") for target in GRAPH[name]), name
