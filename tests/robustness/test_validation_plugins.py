"""No third-party pydantic plugin sees a patient value in a process we own.

A spy plugin is installed for the test (a module and its ``dist-info`` on ``PYTHONPATH``, declaring the
``pydantic`` entry point as any plugin package does). It appends a line to a file whenever a value is
validated. Validating a patient through the library alone, it fires: the spy works, and a host that embeds the
library keeps its own plugins. Through the CLI, or in the app's process once the app has run, it must not fire.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PATIENT = ROOT / "examples" / "patients" / "F-first-line-failure-mi2.yaml"

SPY = '''
import os


class _Handler:
    def on_enter(self, *args, **kwargs):
        with open(os.environ["SPY_OUT"], "a", encoding="utf-8") as out:
            out.write("validated\\n")


class _Plugin:
    def new_schema_validator(self, schema, schema_type, path, kind, config, settings):
        return _Handler(), _Handler(), _Handler()


plugin = _Plugin()
'''


@pytest.fixture
def spy(tmp_path: Path) -> tuple[dict[str, str], Path]:
    (tmp_path / "spy_plugin.py").write_text(SPY, encoding="utf-8")
    info = tmp_path / "spy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n", encoding="utf-8")
    out = tmp_path / "seen.txt"
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env.update(SPY_OUT=str(out), PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    return env, out


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_spy_sees_a_patient_validated_by_the_library_alone(spy):
    env, out = spy
    done = _run(env, "-c", "from decision.patient.files import load_patient; import sys; load_patient(sys.argv[1])",
                str(PATIENT))
    assert done.returncode == 0, done.stderr
    assert out.exists() and "validated" in out.read_text(encoding="utf-8")


def test_no_plugin_sees_a_patient_through_the_cli(spy):
    env, out = spy
    done = _run(env, "-m", "decision.cli", "recommend", str(PATIENT))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert not out.exists(), "a pydantic plugin saw a value validated by the CLI"


APP_THEN_VALIDATE = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("ui/app.py", default_timeout=60)
at.run()
assert not at.exception, [e.value for e in at.exception]
from decision.patient.files import load_patient
load_patient(sys.argv[1])
"""


def test_no_plugin_sees_a_patient_in_the_apps_process(spy):
    env, out = spy
    done = _run(env, "-c", APP_THEN_VALIDATE, str(PATIENT))
    assert done.returncode == 0, done.stderr
    assert not out.exists(), "a pydantic plugin saw a value validated in the app's process"
