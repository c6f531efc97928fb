"""The one-way import rules between the wings (pyproject.toml's [tool.importlinter]).

`make lint` runs the same check; these tests show that it passes on the code as it is
and that it fails, naming the broken rule, when a practice module imports the blog or
a lower wing imports a higher one.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("practice_site", "blog", "initial_content")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def code_copy(tmp_path) -> Path:
    """A copy of the apps and the contracts, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_every_import_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_practice_module_that_imports_the_blog_breaks_the_contracts(code_copy):
    module = code_copy / "practice_site" / "content" / "uses_blog.py"
    module.write_text("from blog.models import BlogPage  # noqa: F401\n")

    result = lint_imports(code_copy)

    assert result.returncode == 1
    assert "The practice's code does not import the blog or the initial content BROKEN" in (
        result.stdout
    )
    assert "practice_site.content.uses_blog -> blog.models" in result.stdout


def test_the_edge_importing_a_higher_wing_breaks_the_layers(code_copy):
    module = code_copy / "practice_site" / "edge" / "uses_content.py"
    module.write_text("from practice_site.content.models import PracticeSettings  # noqa: F401\n")

    result = lint_imports(code_copy)

    assert result.returncode == 1
    assert "Wings import downward only BROKEN" in result.stdout
    assert "practice_site.edge.uses_content -> practice_site.content.models" in result.stdout


def test_an_import_inside_a_function_counts_too(code_copy):
    module = code_copy / "practice_site" / "caching" / "late_import.py"
    module.write_text(
        "def editors():\n    from practice_site.editorial import roles\n\n    return roles\n"
    )

    result = lint_imports(code_copy)

    assert result.returncode == 1
    assert "practice_site.caching.late_import -> practice_site.editorial.roles" in result.stdout
