"""No test reads the clock when pytest imports it (tests/days.py says why: a run that crosses midnight)."""

import ast
import pathlib

import pytest

TESTS = pathlib.Path(__file__).parent
# What reads today's date or the time: timezone.localdate()/now()/localtime(), date.today(), the tests' TODAY().
CLOCK = {"localdate", "localtime", "now", "today", "TODAY"}


def import_time(statements):
    """The parts of a module (or class body) that run on import: all but the bodies of functions."""
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from statement.decorator_list  # parametrize
            yield from statement.args.defaults
            yield from (default for default in statement.args.kw_defaults if default is not None)
        elif isinstance(statement, ast.ClassDef):
            yield from statement.decorator_list
            yield from import_time(statement.body)
        else:
            yield statement


def clock_calls(node):
    if isinstance(node, ast.Lambda):
        return  # runs when called
    if isinstance(node, ast.Call):
        function = node.func
        if (function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)) in CLOCK:
            yield node
    for child in ast.iter_child_nodes(node):
        yield from clock_calls(child)


def clock_read_on_import(source):
    tree = ast.parse(source)
    return [f"{call.lineno}: {ast.unparse(call)}" for node in import_time(tree.body) for call in clock_calls(node)]


def test_no_test_module_reads_the_clock_on_import():
    found = {str(path.relative_to(TESTS)): calls for path in sorted(TESTS.rglob("*.py"))
             if (calls := clock_read_on_import(path.read_text(encoding="utf-8")))}
    assert found == {}, "take today inside the test, or use tests.days.days()"


@pytest.mark.parametrize("source", [
    "TODAY = timezone.localdate()",
    "@pytest.mark.parametrize('day', [TODAY() + datetime.timedelta(days=1)])\ndef test_x(day): pass",
    "def close(case, end_date=timezone.localdate()): pass",
    "def close(case, *, on=datetime.date.today()): pass",
    "class TestX:\n    START = timezone.now()",
])
def test_the_check_finds_the_clock_read_on_import(source):
    assert clock_read_on_import(source)


@pytest.mark.parametrize("source", [
    "TODAY = timezone.localdate",
    "def test_x():\n    assert timezone.localdate()",
    "@pytest.mark.parametrize('day', [days(1)])\ndef test_x(day): pass",
    "LATER = lambda: timezone.now()",
    "class TestX:\n    def test_y(self):\n        timezone.now()",
])
def test_the_check_leaves_the_clock_read_in_a_test_alone(source):
    assert clock_read_on_import(source) == []
