"""House rules of the app: every widget keyed, logic in the library, no patient data at module level or in logs."""

import ast

import pytest

from .helpers import ROOT, open_app, reference_label

UI = ROOT / "ui"
WIDGETS = ("button", "checkbox", "date_input", "download_button", "number_input", "radio", "selectbox",
           "text_area", "text_input", "toggle", "multiselect", "slider", "file_uploader", "data_editor")
PAGES = ["views/interview.py", "views/whole_patient.py", "views/explorer.py", "views/what_if.py",
         "views/calculators.py", "views/about.py"]


@pytest.mark.parametrize("page", PAGES)
def test_every_widget_on_every_page_has_a_key(page):
    at = open_app()
    at.selectbox(key="iv_reference").set_value(reference_label("F"))
    at.button(key="iv_load").click().run()  # a patient, so the pages draw their full set of widgets
    at.switch_page(page).run()
    assert not at.exception
    for kind in WIDGETS:
        for widget in getattr(at, kind, []) if hasattr(type(at), kind) else at.get(kind):
            assert widget.key, f"{page}: a {kind} without a key ({getattr(widget, 'label', '')!r})"


def _calls(tree, names):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in names:
                yield node, name


def test_widget_calls_in_the_source_pass_a_key():
    """Static check as well: a widget call in ui/ always passes key= (pages not driven above included)."""
    missing = []
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, name in _calls(tree, set(WIDGETS) - {"data_editor"}):
            if isinstance(node.func, ast.Attribute) and not any(k.arg == "key" for k in node.keywords):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert not missing, missing


def test_no_print_or_logging_and_no_file_writes_in_the_app():
    bad = []
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, name in _calls(tree, {"print", "write_text", "write_bytes", "open", "basicConfig"}):
            bad.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                if any(n.split(".")[0] == "logging" for n in names):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports logging")
    assert not bad, bad


def test_streamlit_is_not_imported_by_the_library():
    for path in sorted((ROOT / "decision").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "streamlit" not in imported, name


def test_streamlit_config_disables_telemetry_and_runs_headless():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["headless"] is True


def test_the_server_listens_on_this_machine_only_by_default():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"  # also what stops Streamlit's external-IP lookup at start


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest -q"
    assert command in readme
    assert command in (ROOT / ".ci" / "run").read_text().splitlines()
    assert "python3 -m venv .venv && .venv/bin/pip install -e '.[app]' && .venv/bin/streamlit run ui/app.py" in readme
