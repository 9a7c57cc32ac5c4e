"""The date sweep (``make test-dates``) names its tests by node id: a
renamed test must fail here, in the ordinary suite, not only in CI's sweep."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_the_date_sweep_names_exists():
    sweep = runpy.run_path(str(ROOT / "tests" / "date_sweep.py"), run_name="not_main")
    tests = sorted({test for _label, _tiers, group in sweep["GROUPS"] for test in group})
    assert tests
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *tests],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTEST_ADDOPTS": ""},
        check=False,
    )
    assert collected.returncode == 0, collected.stdout[-2000:] + collected.stderr[-2000:]
    assert "not found" not in collected.stdout + collected.stderr
