"""The measures package names every public function and model, and imports a module only when it is used."""

import subprocess
import sys

import decision.measures as measures


def test_every_public_name_resolves_to_its_module():
    assert set(measures.__all__) == set(measures._MODULE_OF)
    for name in measures.__all__:
        value = getattr(measures, name)
        assert getattr(sys.modules[f"decision.measures.{measures._MODULE_OF[name]}"], name) is value


def test_an_unknown_name_is_an_attribute_error():
    try:
        measures.no_such_measure  # noqa: B018
    except AttributeError as exc:
        assert "no_such_measure" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_the_walker_does_not_import_the_measure_parsers_or_criteria():
    code = ("import sys, decision.walk.walker; "
            "print(sorted(m for m in sys.modules if m.startswith('decision.measures.')))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert "decision.measures.parse" not in loaded and "decision.measures.classification" not in loaded
