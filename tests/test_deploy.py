"""The production reference in deploy/: systemd units that survive a crash
(issue 11, point 6) and an example of the settings they read."""

import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys

import pytest

from tests.manage import CLEARED, ROOT, run_manage

DEPLOY = ROOT / "deploy"
UNITS = [
    "buurtwerk.socket",
    "buurtwerk.service",
    "buurtwerk-retention.service",
    "buurtwerk-retention.timer",
]
CHECKOUT = "/srv/buurtwerk"  # where the units expect the checkout
ENV_FILE = "/etc/buurtwerk/buurtwerk.env"
STRONG_KEY = secrets.token_urlsafe(50)


def parse_unit(text):
    """A systemd unit file as {section: {key: [values]}}: keys may repeat,
    lines ending in a backslash continue, # and ; start comments."""
    sections, section, pending = {}, None, ""
    for raw in text.splitlines():
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1].rstrip() + " "
            continue
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = sections.setdefault(line[1:-1], {})
            continue
        assert section is not None, f"{line!r} outside a section"
        key, sep, value = line.partition("=")
        assert sep, f"not key=value: {line!r}"
        section.setdefault(key.strip(), []).append(value.strip())
    return sections


def unit(name):
    return parse_unit((DEPLOY / name).read_text())


def one(unit_, section, key):
    values = unit_[section].get(key, [])
    assert len(values) == 1, f"[{section}] {key}: {values}"
    return values[0]


def test_the_units_parse_and_have_their_sections():
    for name in UNITS:
        sections = unit(name)
        kind = name.rsplit(".", 1)[1].capitalize()
        assert {"Unit", kind} <= set(sections), name
        assert one(sections, "Unit", "Description")


def test_gunicorn_is_restarted_whatever_happens_and_leaves_no_orphans():
    service = unit("buurtwerk.service")
    assert one(service, "Service", "Restart") == "always"
    assert one(service, "Service", "KillMode") == "control-group"
    assert one(service, "Unit", "StartLimitIntervalSec") == "0"  # never gives up
    assert one(service, "Service", "Type") == "notify"  # gunicorn says when it is ready
    assert one(service, "Install", "WantedBy") == "multi-user.target"


def test_systemd_holds_the_socket_for_gunicorn():
    """Socket activation: a restarted gunicorn never finds the port taken."""
    service, socket = unit("buurtwerk.service"), unit("buurtwerk.socket")
    assert "buurtwerk.socket" in one(service, "Unit", "Requires")
    assert one(socket, "Socket", "ListenStream")
    assert one(socket, "Install", "WantedBy") == "sockets.target"
    command = shlex.split(one(service, "Service", "ExecStart"))
    assert command[:2] == [f"{CHECKOUT}/.venv/bin/gunicorn", "buurtwerk.wsgi"]
    assert not {"--bind", "-b"} & set(command), "the socket comes from systemd"
    assert command[command.index("--workers") + 1] == "3"


def test_both_services_run_as_the_app_user_with_the_same_settings():
    for name in ["buurtwerk.service", "buurtwerk-retention.service"]:
        service = unit(name)
        assert one(service, "Service", "User") == "buurtwerk", name
        assert one(service, "Service", "EnvironmentFile") == ENV_FILE, name
        assert one(service, "Service", "WorkingDirectory") == CHECKOUT, name
        assert one(service, "Service", "NoNewPrivileges") == "true", name
        assert one(service, "Service", "ProtectSystem") == "strict", name


def test_retention_runs_daily_from_a_timer():
    service, timer = unit("buurtwerk-retention.service"), unit("buurtwerk-retention.timer")
    assert one(service, "Service", "Type") == "oneshot"
    assert one(service, "Service", "ExecStart") == (
        f"{CHECKOUT}/.venv/bin/python manage.py apply_retention"
    )
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", one(timer, "Timer", "OnCalendar"))
    assert one(timer, "Timer", "Persistent") == "true"
    assert one(timer, "Timer", "Unit") == "buurtwerk-retention.service"
    assert one(timer, "Install", "WantedBy") == "timers.target"
    assert "Install" not in service  # started by the timer, not at boot


def test_the_parser_reads_repeated_keys_continuations_and_comments():
    parsed = parse_unit(
        "# comment\n[Service]\nEnvironment=A=1\nEnvironment=B=2\n"
        "; other comment\nExecStart=/bin/echo \\\n  two lines\n"
    )
    assert parsed == {
        "Service": {"Environment": ["A=1", "B=2"], "ExecStart": ["/bin/echo two lines"]}
    }


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze here")
def test_systemd_accepts_the_units(tmp_path):
    """``systemd-analyze verify`` on copies that point at this checkout (it
    checks that the programs exist); an unknown key is only a warning, so
    no message may name one of the units."""
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace(CHECKOUT, str(ROOT))
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *UNITS],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not [line for line in output.splitlines() if any(n in line for n in UNITS)], output


@pytest.mark.slow
def test_gunicorn_accepts_the_command_line_of_the_service():
    command = shlex.split(one(unit("buurtwerk.service"), "Service", "ExecStart"))
    command[0] = str(ROOT / ".venv" / "bin" / "gunicorn")
    result = subprocess.run(
        [*command, "--check-config"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def example_env():
    values = {}
    for line in (DEPLOY / "buurtwerk.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _sep, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def test_the_example_settings_are_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in example_env() if f"`{name}`" not in readme]
    assert not missing, f"not in README.md's configuration table: {missing}"


def test_the_example_settings_filled_in_pass_the_deploy_check(tmp_path):
    env = example_env() | {"SECRET_KEY": STRONG_KEY, "BUURTWERK_MFA_KEY": STRONG_KEY[:40]}
    env["STATIC_ROOT"] = str(tmp_path / "static")
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", BUURTWERK_VAR_DIR=str(tmp_path), **env
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_leaves_no_secret_filled_in():
    env = example_env()
    assert env["SECRET_KEY"] == env["BUURTWERK_MFA_KEY"] == env["EMAIL_HOST_PASSWORD"] == ""


def test_the_server_process_keeps_what_it_loaded_out_of_the_garbage_collector():
    """``buurtwerk/wsgi.py`` loads the URLconf (so every view) and freezes
    what is loaded: the collector's full collections no longer go through
    it. What that saves is measured by ``bench_pages``."""
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, sys, buurtwerk.wsgi; "
            "print(gc.get_freeze_count(), 'contacts.views.rounds' in sys.modules)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    assert views_loaded == "True"
    assert int(frozen) > 50_000
