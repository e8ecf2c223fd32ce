"""The package's import graph, read from the source with ``ast`` (nothing is imported).

Used by ``tests/test_architecture.py``: every ``import``/``from … import``
anywhere in a module (function bodies included) is an edge to the package
module it names; ``from pkg import name`` is an edge to ``pkg.name`` when that
is a module, else to ``pkg`` itself.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Graph:
    """Modules of one package and what each imports from it."""

    modules: dict[str, Path]
    edges: dict[str, set[str]] = field(default_factory=dict)
    # (importer, imported module, private name)
    private: list[tuple[str, str, str]] = field(default_factory=list)

    def cycles(self) -> list[list[str]]:
        """Strongly connected components with more than one module (Tarjan), or a module importing itself."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        found: list[list[str]] = []
        counter = 0

        def visit(node: str) -> None:
            nonlocal counter
            index[node] = low[node] = counter
            counter += 1
            stack.append(node)
            on_stack.add(node)
            for target in sorted(self.edges.get(node, ())):
                if target not in index:
                    visit(target)
                    low[node] = min(low[node], low[target])
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in self.edges.get(node, ()):
                    found.append(sorted(component))

        for node in sorted(self.modules):
            if node not in index:
                visit(node)
        return found


def _module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(importer: str, is_package: bool, module: str | None, level: int) -> str:
    if not level:
        return module or ""
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def read_graph(src: Path, package: str) -> Graph:
    """The import graph of ``src/package`` (``src`` holds the package folder)."""
    modules = {_module_name(src, p): p for p in sorted((src / package).rglob("*.py"))}
    graph = Graph(modules=modules)
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        aliases: dict[str, str] = {}  # local name -> package module it refers to
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        edges.add(alias.name)
                        if alias.asname:
                            aliases[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node.module, node.level)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    if full in modules:
                        edges.add(full)
                        aliases[alias.asname or alias.name] = full
                    elif base in modules:
                        edges.add(base)
                        if alias.name.startswith("_") and not alias.name.startswith("__") and base != name:
                            graph.private.append((name, base, alias.name))
        # module._private through an imported module
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and aliases[node.value.id] != name
            ):
                graph.private.append((name, aliases[node.value.id], node.attr))
        graph.edges[name] = edges - {name}
    return graph
