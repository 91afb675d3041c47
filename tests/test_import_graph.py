"""Dependencies point one way: `crawler` and `rules` know nothing of `monitor`, the packages
import each other without cycles, modules import at their top, and none grows past 400 lines.

Read with `ast` from the source, nothing imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("common", "crawler", "demo", "monitor", "reports", "rules")
# (module, imported module) → why the import stays inside a function
LOCAL_IMPORTS = {
    ("crawler/guard.py", "twisted.internet"): (
        "importing the reactor at module load would install Twisted's default reactor "
        "before Scrapy installs its own"
    ),
    ("reports/pdf.py", "weasyprint"): (
        "a machine without Pango cannot import WeasyPrint: the PDF is reported as skipped "
        "and the other formats are still written"
    ),
    ("reports/pdf.py", "weasyprint.text.fonts"): "as for weasyprint",
    ("monitor/config.py", "monitor.channels"): (
        "the channel check loads apprise (a second of start-up), only for configs with alerts"
    ),
}
MAX_LINES = 400


def modules() -> dict[str, ast.Module]:
    """The parsed source of every module of the packages, by path relative to the root."""
    return {
        path.relative_to(ROOT).as_posix(): ast.parse(path.read_text("utf-8"), str(path))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


MODULES = modules()


def imported(node: ast.AST, path: str) -> list[str]:
    """The absolute module names an import statement names (relative ones resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if not node.level:
        return [node.module]
    parts = path.removesuffix(".py").split("/")[: -node.level]
    return [".".join([*parts, node.module] if node.module else parts)]


def imports_of(path: str) -> set[str]:
    return {name for node in ast.walk(MODULES[path]) for name in imported(node, path)}


def package_imports(package: str) -> dict[str, set[str]]:
    """What each module of `package` imports from the other packages, by package."""
    found: dict[str, set[str]] = {}
    for path in MODULES:
        if path.split("/")[0] != package:
            continue
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in PACKAGES and top != package:
                found.setdefault(top, set()).add(path)
    return found


def package_graph() -> dict[str, set[str]]:
    return {package: set(package_imports(package)) for package in PACKAGES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle through the graph, each once, from its smallest node."""
    found = []

    def walk(path: list[str]) -> None:
        for target in sorted(graph[path[-1]]):
            if target == path[0]:
                found.append(path)
            elif target > path[0] and target not in path:
                walk([*path, target])

    for start in sorted(graph):
        walk([start])
    return found


def test_the_crawler_imports_nothing_from_monitor():
    assert "monitor" not in package_imports("crawler"), package_imports("crawler")["monitor"]


def test_rules_import_nothing_from_crawler_monitor_reports_or_demo():
    wrong = {k: v for k, v in package_imports("rules").items() if k != "common"}
    assert not wrong


def test_reports_import_nothing_from_monitor():
    assert "monitor" not in package_imports("reports"), package_imports("reports")["monitor"]


def test_the_packages_import_each_other_without_cycles():
    assert cycles(package_graph()) == []


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "b"}, "d": set()}
    assert cycles(graph) == [["a", "b", "c"], ["b", "c"]]


def test_modules_import_at_their_top():
    inside = []
    for path, tree in MODULES.items():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                for name in imported(node, path):
                    if (path, name) not in LOCAL_IMPORTS:
                        inside.append(f"{path}:{node.lineno} {name}")
    assert not inside


def test_no_module_is_longer_than_400_lines():
    long = {path: lines for path in MODULES
            if (lines := len((ROOT / path).read_text("utf-8").splitlines())) > MAX_LINES}  # fmt: skip
    assert not long
