"""The teaching pages in AppTest: one case end to end in self-study, and a live room with three learners.

Several AppTest instances in one process share ``st.cache_resource``, so the facilitator's and the learners'
sessions meet in the same in-memory room registry, as browser sessions do on one server.
"""

from __future__ import annotations

import re
import sys

from streamlit.testing.v1 import AppTest

from decision.teaching import stage_case
from decision.teaching.room import answers_csv
from tests.ui.helpers import APP

SELF = "views/teaching_self_study.py"
PRESENTER = "views/teaching_presenter.py"
JOIN = "views/teaching_join.py"
CASE = "F-first-line-failure-mi2"


def _open(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _label(at: AppTest, key: str, case_id: str) -> str:
    return next(o for o in at.selectbox(key=key).options if o.endswith(f"— {case_id}"))


def _text(at: AppTest) -> str:
    parts = [*at.markdown, *at.success, *at.info, *at.caption, *at.warning]
    return "\n".join(str(x.value) for x in parts)


def test_self_study_one_case_predict_reveal_score():
    at = _open(SELF)
    at.selectbox(key="ts_case").set_value(_label(at, "ts_case", CASE)).run()
    uid = f"{CASE}/1/"
    at.button(key=f"ts_reveal_{uid}check_activity").click().run()
    assert "Commit to an answer first" in " ".join(w.value for w in at.warning)
    at.radio(key=f"ts_q_{uid}check_activity").set_value("active disease").run()
    at.button(key=f"ts_reveal_{uid}check_activity").click().run()
    assert "✅ Right" in _text(at) and "The pathway's answer:** active disease" in _text(at)
    at.radio(key=f"ts_q_{uid}check_domain").set_value("skin leads")
    at.radio(key=f"ts_q_{uid}check_domain_conf").set_value("certain").run()
    at.button(key=f"ts_reveal_{uid}check_domain").click().run()
    assert "❌ Not quite" in _text(at) and "Why not the others" in _text(at)
    ranking = at.multiselect(key=f"ts_q_{uid}therapy_choice")
    ranking.set_value(["Mycophenolate mofetil"]).run()
    at.button(key=f"ts_reveal_{uid}therapy_choice").click().run()
    checks = at.multiselect(key=f"ts_q_{uid}safety_checks")
    checks.set_value([checks.options[0]]).run()
    at.button(key=f"ts_reveal_{uid}safety_checks").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = _text(at)
    assert re.search(r"Score: [\d.]+ of 4", "\n".join(h.value for h in at.subheader))
    assert "Missed **check\\_domain** at pathway node `check_domain`" in text
    assert "missed answer(s) marked 'certain'" in " ".join(w.value for w in at.warning)
    assert any("Come back to" in e.label for e in at.sidebar.expander)
    at.button(key="ts_retry_0").click().run()  # the missed domain question is asked again
    at.radio(key=f"ts_q_{uid}check_domain").set_value("muscle leads").run()
    at.button(key=f"ts_reveal_{uid}check_domain").click().run()
    assert re.search(r"Score: [\d.]+ of 4", "\n".join(h.value for h in at.subheader))
    assert not any("check\\_domain" in m.value and "Missed" in m.value for m in at.markdown)


def test_self_study_why_not_and_what_if():
    at = _open(SELF)
    at.selectbox(key="ts_case").set_value(_label(at, "ts_case", CASE)).run()
    at.selectbox(key="ts_whynot").set_value("Abatacept").run()
    assert "not favoured in dermatomyositis" in _text(at)
    at.selectbox(key="ts_wi_field").set_value("pregnancy.status").run()
    at.selectbox(key="ts_wi_pregnancy__status").set_value("pregnant").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "**check\\_domain**: muscle leads → —" in _text(at), _text(at)


def _code(at: AppTest) -> str:
    m = re.search(r"Join code: `([A-Z]{4})`", "\n".join(x.value for x in at.markdown))
    assert m, "no join code shown"
    return m.group(1)


def test_room_with_a_facilitator_and_three_learners():
    host = _open(PRESENTER)
    host.selectbox(key="tp_case_pick").set_value(_label(host, "tp_case_pick", CASE)).run()
    host.button(key="tp_start").click().run()
    code = _code(host)
    learners = []
    for nick in ("Ana", "Ben", "Chi"):
        at = _open(JOIN)
        at.text_input(key="tj_code_in").input(code.lower())
        at.text_input(key="tj_nick_in").input(nick).run()
        at.button(key="tj_join").click().run()
        assert f"Session `{code}`" in _text(at), _text(at)
        assert "Waiting for the facilitator" in _text(at)
        learners.append(at)
    host.button(key="tp_open").click().run()
    uid = f"{CASE}/1/check_activity"
    for at, answer in zip(learners, ("active disease", "active disease", "damage"), strict=True):
        at.button(key="tj_refresh").click().run()
        at.radio(key=f"tj_q_{uid}").set_value(answer).run()
        at.button(key=f"tj_send_{uid}").click().run()
        assert "Answer recorded" in _text(at), _text(at)
    host.button(key="tp_refresh").click().run()
    assert "Answers: 3 of 3 learners" in _text(host)
    assert "Tally: active disease 2, damage 1" in _text(host)
    host.button(key="tp_reveal").click().run()
    assert "The pathway's answer:** active disease" in _text(host)
    debrief = _text(host)
    assert "Commonest other answer: damage (1)" in debrief
    csv_button = host.get("download_button")
    assert csv_button and "Download answers (CSV)" in str(csv_button[0].proto)
    # The button's data: the same in-memory room the pages share (the module the pages imported).
    common = sys.modules["views.teaching_common"]
    view = common.registry().view(code)
    staged = stage_case(common.state.knowledge_base(), common.cases()[CASE])
    rows = answers_csv(view, staged.all_questions()).splitlines()
    assert rows[1:] == [f"learner {i},{uid},check_activity,{a},,1.0,active disease" if a == "active disease" else
                        f"learner {i},{uid},check_activity,{a},,0.0,active disease"
                        for i, a in enumerate(("active disease", "active disease", "damage"), 1)]
    learners[0].button(key="tj_refresh").click().run()
    assert "Waiting for the facilitator" in _text(learners[0])
    host.button(key="tp_end").click().run()
    assert host.button(key="tp_start")
