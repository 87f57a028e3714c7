"""The package's imports follow its pipeline: an early stage never needs a later one to load.

Imports inside functions count too: they hide a circle from Python, not from a reader.
"""

import ast
from pathlib import Path

import waardenkaart

PACKAGE = Path(waardenkaart.__file__).parent


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports, anywhere in its source."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("waardenkaart", *path.relative_to(PACKAGE).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {target for target in found if target in modules and target != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while not group or node not in group:
                group.add(stack.pop())
            if len(group) > 1:
                found.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_a_circle_when_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [{"a", "b", "c"}]
    assert "waardenkaart.intake.profile" in import_graph()["waardenkaart.cli"]


def test_no_circle_runs_through_intake_or_text():
    stages = ("waardenkaart.intake.", "waardenkaart.text.")
    assert [group for group in circles(import_graph()) if any(name.startswith(stages) for name in group)] == []


def test_the_profile_needs_no_later_stage():
    later = ("waardenkaart.text", "waardenkaart.render", "waardenkaart.prepress")
    assert not {name for name in import_graph()["waardenkaart.intake.profile"] if name.startswith(later)}
