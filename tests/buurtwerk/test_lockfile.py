"""The lock files in requirements/ against pyproject.toml: every package is
pinned with a hash, every declared range holds, and each file holds exactly
what its dependencies need, so a change to pyproject.toml without `make lock`
fails here.

The dependencies of each package are read from the installed packages, which
`make install` took from requirements/dev.txt; the test first checks that they
are the locked versions. Markers are evaluated for this machine."""

import importlib.metadata
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "requirements" / "base.txt"
DEV = ROOT / "requirements" / "dev.txt"
HASH = re.compile(r"--hash=(\S+)")


@dataclass(frozen=True)
class Pin:
    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def version(self):
        return Version(next(iter(self.requirement.specifier)).version)

    @property
    def applies_here(self):
        marker = self.requirement.marker
        return marker is None or marker.evaluate({"extra": ""})


def read_lock(path):
    """{canonical name: Pin} from a requirements file written by uv."""
    text = path.read_text().replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("-"), f"{path.name}: unexpected option {line!r}"
        hashes = tuple(HASH.findall(line))
        requirement = Requirement(HASH.sub("", line).strip())
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{path.name}: {name} is listed twice"
        pins[name] = Pin(requirement, hashes)
    return pins


def declared(lock):
    """The requirements in pyproject.toml that a lock file is made from: the
    dependencies, and for dev.txt the dev extra too."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"]
    if lock == "dev.txt":
        lines = [*lines, *project["optional-dependencies"]["dev"]]
    return [Requirement(line) for line in lines]


def installed(name):
    try:
        return importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        pass
    pytest.fail(f"{name} is not installed: run make lock if it is new, then make install")


def needed_here(requirements):
    """Canonical names of the requirements and everything they depend on, on
    this machine, from the installed packages' metadata."""
    names = set()
    todo = [(req, "") for req in requirements]
    seen = set()
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        key = (name, frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        names.add(name)
        for line in installed(name).requires or []:
            dependency = Requirement(line)
            for wanted in ("", *req.extras):
                if dependency.marker is None or dependency.marker.evaluate({"extra": wanted}):
                    todo.append((dependency, wanted))
                    break
    return names


LOCKS = {"base.txt": BASE, "dev.txt": DEV}


@pytest.fixture
def shipped_data():
    """These tests read files only. Without a test that uses the database,
    pytest-django sets up no test database, and tests/conftest.py's fixture
    of this name would run against the one in DATABASE_URL."""


@pytest.mark.parametrize("lock", LOCKS)
def test_every_package_is_pinned_exactly_with_a_hash(lock):
    for name, pin in read_lock(LOCKS[lock]).items():
        specifiers = list(pin.requirement.specifier)
        assert len(specifiers) == 1, f"{lock}: {name} is not pinned: {pin.requirement}"
        assert specifiers[0].operator == "==", f"{lock}: {name} is not pinned with =="
        assert "*" not in specifiers[0].version, f"{lock}: {name} is pinned with a wildcard"
        assert pin.hashes, f"{lock}: {name} has no --hash"
        for value in pin.hashes:
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", value), f"{lock}: {name}: {value}"


def test_production_takes_the_same_versions_as_the_tests():
    dev = read_lock(DEV)
    for name, pin in read_lock(BASE).items():
        assert name in dev, f"{name} is in base.txt but not in dev.txt: run make lock"
        assert pin == dev[name], f"{name} differs between base.txt and dev.txt: run make lock"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_declared_requirement_is_locked_within_its_range(lock):
    pins = read_lock(LOCKS[lock])
    for req in declared(lock):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is in pyproject.toml but not in {lock}: run make lock"
        assert req.specifier.contains(pins[name].version, prereleases=True), (
            f"{lock} pins {name}=={pins[name].version}, outside {req}: run make lock"
        )


def test_the_installed_packages_are_the_locked_versions():
    """Otherwise the test below would read the wrong dependencies."""
    for name, pin in read_lock(DEV).items():
        if pin.applies_here:
            version = Version(installed(name).version)
            assert version == pin.version, (
                f"{name} {version} is installed, dev.txt pins {pin.version}: run make install"
            )


@pytest.mark.parametrize("lock", LOCKS)
def test_each_lock_holds_exactly_what_pyproject_needs(lock):
    needed = needed_here(declared(lock))
    locked = {name for name, pin in read_lock(LOCKS[lock]).items() if pin.applies_here}
    assert not needed - locked, f"missing from {lock}: {sorted(needed - locked)}; run make lock"
    assert not locked - needed, f"not needed in {lock}: {sorted(locked - needed)}; run make lock"
