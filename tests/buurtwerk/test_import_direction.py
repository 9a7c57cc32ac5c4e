"""The import-linter contract of ``make lint`` keeps the apps in one
direction: run against a copy of the tree with one import against it, it
fails; against the tree as it is, it passes."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "buurtwerk",
    "accounts",
    "neighbourhoods",
    "accesslog",
    "contacts",
    "matches",
    "audit",
    "reports",
    "privacy",
    "demo",
]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def copy_tree(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint_imports(tree):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_tree_as_it_is_keeps_the_contract(tmp_path):
    result = lint_imports(copy_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import"),
    [
        # an earlier app importing a later one, at the top of a module
        ("contacts/selectors/residents.py", "from matches.models import Match\n"),
        # ... and inside a function
        ("neighbourhoods/models.py", "def _later():\n    from contacts.models import Resident\n"),
        # the project helpers importing an app
        ("buurtwerk/navigation.py", "import accounts.models\n"),
        # the read-access log importing what it logs
        ("accesslog/services.py", "from contacts.models import Resident\n"),
    ],
)
def test_an_import_against_the_direction_fails_the_lint(tmp_path, module, bad_import):
    tree = copy_tree(tmp_path)
    path = tree / module
    path.write_text(path.read_text() + "\n\n" + bad_import)
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "0 kept, 1 broken" in result.stdout
