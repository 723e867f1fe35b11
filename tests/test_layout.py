"""The architecture a newcomer relies on: data flows one way, and no module needs another that needs it back.

Read from the source with ``ast``, so the test sees the imports as written, lazy ones included.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from knowledge.records import Article, Deal, DealDate, DealEvent, Evidence, Figure, StoredCompany

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "knowledge", "adapters")


def _imports() -> dict[str, set[str]]:
    """Each project module and the project modules it imports (``from bot import x`` counts as bot.x)."""
    modules: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = _imported(ast.parse(path.read_text(encoding="utf-8")))
    return modules


def _imported(node: ast.AST) -> set[str]:
    """The modules a tree imports at run time: imports under ``if TYPE_CHECKING:`` only name types."""
    if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
        return set().union(*(_imported(child) for child in node.orelse))
    if isinstance(node, ast.ImportFrom) and node.module:
        return {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    return set().union(*(_imported(child) for child in ast.iter_child_nodes(node)))


def test_no_import_cycle() -> None:
    imports = _imports()
    graph = {m: {d for d in deps if d in imports and d != m} for m, deps in imports.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for needed in sorted(graph[module]):
            if state.get(needed) == 1:
                cycles.append(path[path.index(needed) :] + [needed])
            elif needed not in state:
                visit(needed, [*path, needed])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


def test_layers_import_only_what_is_theirs() -> None:
    imports = _imports()
    for module, deps in imports.items():
        roots = {d.split(".")[0] for d in deps}
        if module.startswith("knowledge"):
            assert not roots & {"bot", "adapters"}, module
        if module.startswith("bot"):
            assert "adapters" not in roots, module
        if module != "knowledge.store":
            assert "tinydb" not in roots, module
        if module.startswith("adapters"):
            assert "apscheduler" not in roots, module


def test_answering_and_digests_need_nothing_of_each_other() -> None:
    """The two jobs of bot/ are apart: what both use (models, deal wording, the registry) sits above them."""
    for module, deps in _imports().items():
        if module.startswith("bot.answering"):
            assert not any(d.startswith("bot.digests") for d in deps), module
        if module.startswith("bot.digests"):
            assert not any(d.startswith("bot.answering") for d in deps), module


def test_no_module_outside_knowledge_names_a_table() -> None:
    """bot/ and adapters/ work with typed records through knowledge/'s repositories: no table name imported,
    and no table read or written through the store's generic calls (a transaction around them is theirs)."""
    table_calls = {"get", "all", "put", "put_many", "delete", "delete_many", "count"}
    for package in ("bot", "adapters"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("knowledge"):
                    assert not {a.name for a in node.names} & {"TABLE", "TABLES"}, path
                if isinstance(node, ast.Attribute) and node.attr in {"TABLE", "TABLES"}:
                    raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno} names a table")
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    owner = node.func.value
                    if node.func.attr in table_calls and isinstance(owner, ast.Attribute) and owner.attr == "store":
                        raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno} reads or writes a table")


def test_tests_import_their_helpers_by_one_name() -> None:
    """Plain `pytest` puts tests/ on the path, not the project root: a test module imports scenarios, fakes.slack
    or untrusted, never tests.scenarios (which only `python -m pytest` finds, as a second copy of the module)."""
    for path in (ROOT / "tests").rglob("*.py"):
        imported = _imported(ast.parse(path.read_text(encoding="utf-8")))
        assert not {m for m in imported if m == "tests" or m.startswith("tests.")}, path


def test_no_module_outside_knowledge_reads_a_record_by_a_string_key() -> None:
    """bot/ reads articles, deals and companies as typed records: a string key naming one of their fields
    indexes only what is a mapping by nature (a regex match's groups, the JSON shape ``asdict`` builds)."""
    fields = {
        f.name
        for record in (Article, Deal, DealEvent, DealDate, Evidence, Figure, StoredCompany)
        for f in dataclasses.fields(record)
    }
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        mappings = _names_bound_to_mappings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                owner, key = node.value, node.slice.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
                owner, key = (
                    node.func.value,
                    node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None,
                )
            else:
                continue
            if key in fields and not (isinstance(owner, ast.Name) and owner.id in mappings):
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno} reads {ast.unparse(node)!r} by key")


def _names_bound_to_mappings(tree: ast.AST) -> set[str]:
    """Names a module binds to a regex match (``m = X.search(...)``, ``for m in X.finditer(...)``) or to
    ``asdict(...)``."""
    makers = {"search", "match", "fullmatch", "finditer", "asdict"}

    def made(value: ast.AST) -> bool:
        func = value.func if isinstance(value, ast.Call) else None
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return name in makers

    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.NamedExpr) and made(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.comprehension | ast.For) and made(node.iter) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names
