"""Whole patient, explorer, what-if, calculators and about pages, driven through AppTest."""

import re

import decision
from decision.views import text as render
from decision.views.reading import warning_text

from .helpers import example, example_path, open_app, reference_label, status_code, texts

WHOLE = "views/whole_patient.py"


def _markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_whole_patient_paste_shows_warnings_first_then_ranked_actions_with_basis(kb):
    at = open_app(WHOLE)
    at.text_area(key="wp_text").input(example_path("F").read_text(encoding="utf-8")).run()
    assert not at.exception and not at.error
    rec = decision.recommend(kb, example("F"))
    assert status_code(at) == "refractory_active"
    md = _markdown(at)
    headings = [m for m in md if m.startswith("#### ")]
    assert headings.index("#### Actions") < headings.index("#### Check before starting")
    body = texts(at)
    top = next(a for a in rec.actions if a.rank == 1)
    assert f"**{top.therapy_name}** · line {top.line}" in body
    assert "*Strength:*" in body and "*For this patient:*" in body
    due = next(w for w in rec.warnings if w.severity == "screening_due")  # checks read conditionally
    assert warning_text(kb, due, rec).startswith("Not yet known: ") and warning_text(kb, due, rec)[:60] in body
    for sid in top.basis.sources:  # sources as readable references (citation text), not bare keys
        assert " ".join(kb.sources[sid].citation.split())[:30] in body
    assert "Not suggested" in body and rec.not_suggested[0].therapy_name in body
    assert "Missing data and what it would change" in body
    assert at.session_state["whole_patient_answers"] == example("F")
    assert {"wp_export_json", "wp_export_md", "wp_export_html"} <= {d.key for d in at.get("download_button")}


def test_whole_patient_expert_opinion_is_clearly_marked(kb):
    at = open_app(WHOLE)
    at.text_area(key="wp_text").input(example_path("B").read_text(encoding="utf-8")).run()
    rec = decision.recommend(kb, example("B"))
    opinions = [x for x in rec.actions if x.basis.expert_opinion]
    assert opinions
    assert texts(at).count("**Expert opinion**") == len(opinions)


BAD = """\
age: 45
sex: female
muscle:
  weakness: {mmt8: 999}
labs:
  ck: {value: -5, uln: 200}
mri: {oedema: maybe}
therapies:
  - {drug: wonderdrug, weeks: 4, current: true}
favourite_colour: blue
"""


def test_whole_patient_bad_paste_names_every_field_and_the_app_keeps_working(kb):
    at = open_app(WHOLE)
    at.text_area(key="wp_text").input(BAD).run()
    assert not at.exception
    assert len(at.error) == 1
    error = at.error[0].value
    for field in ("muscle.weakness.mmt8", "labs.ck.value", "mri.oedema", "favourite_colour"):
        assert f"`{field}`" in error, field
    assert "expected" in error and "999" in error
    assert at.session_state["whole_patient_answers"] is None
    # fix the fields: the unknown drug is reported next (the walker's therapy check)
    fixed = (BAD.replace("999", "112").replace("-5", "3400").replace("maybe", "true")
             .replace("favourite_colour: blue\n", ""))
    at.text_area(key="wp_text").input(fixed).run()
    assert "`therapies[0].drug`" in at.error[0].value and "methotrexate" in at.error[0].value
    at.text_area(key="wp_text").input(fixed.replace("wonderdrug", "methotrexate")).run()
    assert not at.error and not at.exception
    assert status_code(at)  # a recommendation is shown again
    # other pages still work in the same session
    at.switch_page("views/interview.py").run()
    assert not at.exception and at.title[0].value == "Guided interview"


def test_whole_patient_yaml_syntax_error_names_the_line():
    at = open_app(WHOLE)
    at.text_area(key="wp_text").input("age: 45\nmuscle: {weakness: [\n").run()
    assert not at.exception
    assert re.search(r"`pasted\.yaml:\d+`: expected valid YAML", at.error[0].value), at.error[0].value


def test_whole_patient_reference_selector_and_continue_in_interview(kb):
    at = open_app(WHOLE)
    at.selectbox(key="wp_reference").set_value(reference_label("I")).run()
    assert status_code(at) == "intolerance"
    at.button(key="wp_to_interview").click().run()
    at.switch_page("views/interview.py").run()
    assert status_code(at) == "intolerance"
    assert at.session_state["interview"].answers == example("I")


def test_explorer_draws_one_step_at_a_time_and_reads_a_node_rule(kb):
    at = open_app()
    at.selectbox(key="iv_reference").set_value(reference_label("A"))
    at.button(key="iv_load").click().run()
    at.switch_page("views/explorer.py").run()
    assert not at.exception
    rec = decision.recommend(kb, example("A"))
    assert at.radio(key="ex_patient").value == "Guided interview"
    step = at.radio(key="ex_step").value
    expected = render.to_dot(kb, rec, rankdir=render.step_rankdir(kb, step), only_step=step)
    assert at.get("graphviz_chart")[0].proto.spec == expected
    spec = at.get("graphviz_chart")[0].proto.spec
    assert all(f'"{n.id}"' in spec for n in kb.nodes.values() if n.step == step)
    assert not any(f'"{n.id}" [' in spec for n in kb.nodes.values() if n.step != step)
    # pick a decision node of the step and read its rule, in words
    decision_node = next(n for n in rec.path if kb.nodes[n].kind == "decision" and kb.nodes[n].step == step)
    at.selectbox(key="ex_node").set_value(decision_node).run()
    node = kb.nodes[decision_node]
    body = texts(at)
    assert node.question in body and "For this patient" in body
    assert all(b.label in body for b in node.branches)
    # another step: its own graph
    at.radio(key="ex_step").set_value("triage").run()
    expected = render.to_dot(kb, rec, rankdir=render.step_rankdir(kb, "triage"), only_step="triage")
    assert at.get("graphviz_chart")[0].proto.spec == expected


def test_what_if_side_by_side_for_mri_oedema(kb):
    at = open_app()
    at.selectbox(key="iv_reference").set_value(reference_label("A"))
    at.button(key="iv_load").click().run()
    at.switch_page("views/what_if.py").run()
    assert not at.exception
    at.selectbox(key="wi_field").set_value("mri.oedema").run()
    at.radio(key="wi_mri__oedema").set_value(True).run()
    assert not at.exception
    diff = next(w.value for w in at.warning if "Status:" in w.value)
    assert "Damage" in diff and "Refractory active" in diff and "Route:" in diff
    titles = {rec.status.code: rec.status.title for rec in (decision.recommend(kb, example("A")),
                                                            decision.recommend(kb, {**example("A"),
                                                                                    "mri": {"oedema": True}}))}
    body = texts(at)
    assert body.index(f"**{titles['damage']}**") < body.index(f"**{titles['refractory_active']}**")


def test_what_if_pregnancy_on_the_whole_patient(kb):
    at = open_app(WHOLE)
    at.text_area(key="wp_text").input(example_path("H").read_text(encoding="utf-8")).run()
    at.switch_page("views/what_if.py").run()
    at.radio(key="wi_patient").set_value("Whole patient").run()
    at.selectbox(key="wi_field").set_value("pregnancy.status").run()
    at.selectbox(key="wi_pregnancy__status").set_value("pregnant").run()
    assert not at.exception
    diff = next(w.value for w in at.warning if "Status:" in w.value)
    assert "pregnancy" in diff and "Methotrexate (stop)" in diff


def _set_numbers(at, values: dict):
    for key, value in values.items():
        at.number_input(key=key).set_value(value)


def test_calculators_tis_doi_vector_t1():
    """Vector T1 of measures.md (examples/measures/tis-adult-t1.yaml): TIS 62.5, adult major."""
    at = open_app("views/calculators.py")
    at.selectbox(key="tis_mmt_max").set_value(80)
    _set_numbers(at, {"tis_uln_ck": 200.0, "tis_uln_ldh": 250.0,
                      "tis_b_pga": 6.0, "tis_b_ptga": 7.0, "tis_b_mmt": 60.0, "tis_b_haq": 1.5,
                      "tis_b_extramuscular": 4.0, "tis_b_ck": 600.0, "tis_b_ldh": 300.0,
                      "tis_f_pga": 3.0, "tis_f_ptga": 5.0, "tis_f_mmt": 70.0, "tis_f_haq": 1.0,
                      "tis_f_extramuscular": 2.0, "tis_f_ck": 600.0, "tis_f_ldh": 280.0})
    at.run()
    assert not at.exception and not at.error
    subheaders = [s.value for s in at.subheader]
    assert "TIS 62.5 / 100 — major" in subheaders
    tis = next(t.value for t in at.dataframe if "points" in t.value.columns)
    assert list(tis["points"]) == [17.5, 5.0, 20.0, 7.5, 0.0, 12.5]  # the per-measure breakdown
    doi = next(t.value for t in at.dataframe if "counts as" in t.value.columns)
    assert list(doi["counts as"]) == ["improved", "improved", "neither", "improved", "neither", "improved"]
    assert "IMACS definition of improvement: met" in subheaders


def test_calculators_incomplete_and_invalid_inputs_are_explained():
    at = open_app("views/calculators.py")
    _set_numbers(at, {"tis_b_pga": 6.0, "tis_f_pga": 2.0})
    at.run()
    assert any("Incomplete" in w.value for w in at.warning)
    assert "indeterminate" in " ".join(s.value for s in at.subheader)


def test_calculators_classification_vector_e1_and_bohan_peter():
    at = open_app("views/calculators.py")
    at.radio(key="cl_biopsy").set_value(False)
    at.number_input(key="cl_age").set_value(52.0)
    for item, value in {"weakness_proximal_upper": True, "weakness_proximal_lower": False,
                        "neck_flexors_weaker_than_extensors": False, "legs_proximal_weaker_than_distal": False,
                        "heliotrope_rash": True, "gottron_papules": False, "gottron_sign": False,
                        "dysphagia_or_oesophageal_dysmotility": False, "anti_jo1": True,
                        "raised_muscle_enzymes": False}.items():
        at.radio(key=f"cl_{item}").set_value(value)
    at.radio(key="cl_finger_flexor").set_value(False)
    for item, value in {"symmetric_proximal_weakness": True, "raised_muscle_enzymes": True,
                        "myopathic_emg": None, "typical_biopsy": False, "typical_dm_rash": True,
                        "neurological_disease": False, "muscular_dystrophy": False,
                        "infectious_or_granulomatous_myositis": False, "metabolic_or_endocrine_myopathy": False,
                        "myasthenia": False}.items():
        at.radio(key=f"bp_{item}").set_value(value)
    at.run()
    assert not at.exception and not at.error
    subheaders = [s.value for s in at.subheader]
    assert "EULAR/ACR 2017: definite IIM" in subheaders
    assert "Score **9.8**" in texts(at)
    assert any(s.startswith("Bohan & Peter: PM") for s in subheaders)
    table = next(t.value for t in at.dataframe if "if present" in t.value.columns)
    assert len(table) == 15  # age + 14 items


def test_about_page_names_the_knowledge_base_and_lists_sources(kb):
    at = open_app("views/about.py")
    assert not at.exception
    frame = at.dataframe[0].value
    values = dict(zip(frame[""], frame["value"], strict=True))
    assert values["id"] == kb.metadata.id and values["version"] == kb.metadata.version
    assert values["sha256"] == kb.sha256 and values["status"] == kb.metadata.status
    body = texts(at)
    for x in (*kb.metadata.not_for, *kb.metadata.limitations):
        assert x[:30] in body.replace("\\", "")
    assert f"Sources ({len(kb.sources)})" in [h.value for h in at.header]
    for sid, source in kb.sources.items():
        assert sid not in body.replace("\\_", "_")  # citations, not keys
        if sid != "knowledge_brief_unattributed":
            assert " ".join(source.citation.split())[:30] in body.replace("\\", "")


def test_whole_patient_text_survives_a_reload_of_the_tab(kb):
    at = open_app(WHOLE)
    text = example_path("F").read_text(encoding="utf-8")
    at.text_area(key="wp_text").input(text).run()
    token = at.query_params["tab"]
    token = token[0] if isinstance(token, list) else token
    from streamlit.testing.v1 import AppTest

    from .helpers import APP

    again = AppTest.from_file(str(APP), default_timeout=30)
    again.query_params["tab"] = token
    again.run()
    again.switch_page(WHOLE).run()
    assert again.text_area(key="wp_text").value == text
    assert status_code(again) == "refractory_active"
