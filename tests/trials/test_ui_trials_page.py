"""AppTest of the Clinical trials page: the checklist for a patient, next questions, the pipeline filter."""

from tests.ui.helpers import open_app, reference_label, texts

PAGE = "views/trials.py"


def _table(at, column: str, index: int = 0):
    """The ``index``-th table on the page with ``column`` (AppTest does not expose a dataframe's key)."""
    return [d.value for d in at.dataframe if column in d.value.columns][index]


def _choose(at, letter_or_stem: str):
    at.selectbox(key="tr_patient").set_value(f"Reference: {reference_label(letter_or_stem)}").run()
    assert not at.exception, [e.value for e in at.exception]
    return texts(at)


def test_trials_page_opens_with_an_empty_patient():
    at = open_app(PAGE)
    shown = texts(at)
    assert "Clinical trials" in shown and "NCT02971683" in shown
    assert "POSSIBLY ELIGIBLE" in shown and "check the registry" in shown


def test_checklist_for_an_eligible_excluded_and_possibly_eligible_patient():
    at = open_app(PAGE)
    shown = _choose(at, "TR-1")
    assert "**ELIGIBLE** — 0 failed, 0 unknown" in shown
    assert "WOULD HAVE QUALIFIED (completed trial)" in shown  # ProDERM
    shown = _choose(at, "TR-2")
    assert "**NOT ELIGIBLE** — 1 failed, 0 unknown" in shown and "Recent acute infection needing antibiotics" in shown
    shown = _choose(at, "TR-3")
    assert "**POSSIBLY ELIGIBLE** — 0 failed, 2 unknown" in shown
    plain = shown.replace("\\", "")  # the page escapes Markdown in data
    assert "Myositis Damage Index muscle damage (0-10) (fields: muscle.damage_mdi)" in plain
    assert "(fields: comorbidity.chronic_infection)" in plain
    table = _table(at, "criterion", 0)  # IM101-611's checklist comes first
    assert list(table["status"]).count("unknown") == 2


def test_pipeline_filter():
    at = open_app(PAGE)
    at.selectbox(key="tr_group").set_value("ibm").run()
    rows = _table(at, "agent")
    assert "Bimagrumab (BYM338)" in list(rows["agent"]) and "Rituximab" not in list(rows["agent"])
    at.selectbox(key="tr_group").set_value("all").run()
    at.text_input(key="tr_search").input("kezar").run()
    assert list(_table(at, "agent")["agent"]) == ["KZR-616"]


def test_every_widget_on_the_trials_page_has_a_key():
    at = open_app(PAGE)
    _choose(at, "TR-3")
    for kind in ("selectbox", "text_input", "date_input"):
        for widget in getattr(at, kind):
            assert widget.key, f"a {kind} without a key ({widget.label!r})"
