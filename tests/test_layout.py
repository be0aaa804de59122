"""The layout keeps its promises: the runtime never imports the workshop, and no file grows past 900 lines."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "factcheck"
MAX_LINES = 900


def runtime_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        part = path.relative_to(PACKAGE).parts
        if part[0] in {"lab", "migrations"} or part[:2] == ("management", "commands"):
            continue
        yield path


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_view_task_or_service_imports_the_workshop():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in imported(path) if n.startswith("factcheck.lab"))
        for path in runtime_modules()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_python_file_is_longer_than_900_lines():
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
