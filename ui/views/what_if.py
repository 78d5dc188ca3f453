"""What if: change one answer and see, side by side, what the pathway would do differently."""

from __future__ import annotations

import streamlit as st
from myositis_ui import ask, show, state

from decision.errors import PatientInputError
from decision.guide.answers import get_answer
from decision.guide.describe import describe_value
from decision.guide.whatif import askable_fields, what_if
from decision.guide.widgets import widget_for
from decision.labels import field_label
from decision.views import reading

PREFIX = "wi"


def _compact(rec, title: str) -> None:
    st.markdown(f"#### {show.md(title)}")
    show.status_banner(rec)
    st.markdown(show.action_lines(kb, rec.actions))
    found, due = reading.checks_and_cautions(rec)
    for w in found:
        st.markdown(f"- ⚠️ {show.md(reading.warning_text(kb, w, rec))}")
    if due:
        st.caption(f"{len(due)} checks before starting (see the full recommendation).")
    if rec.not_suggested:
        st.markdown("Not suggested: " + ", ".join(show.md(n.therapy_name) for n in rec.not_suggested))


kb = state.knowledge_base()
st.title("What if…")
st.caption("Pick one field and a new value. Both recommendations come from the same walker; only that answer differs.")

sources = state.patient_sources()
source = st.radio("Patient", list(sources), horizontal=True, key="wi_patient")
answers = sources[source]
if not answers:
    st.info("This patient has no answers yet — the comparison starts from an empty patient. Load a reference "
            "patient in the guided interview or the whole-patient page for a realistic comparison.")

fields = askable_fields()
suggested = ["mri.oedema", "hepatitis_b.anti_hbc", "pregnancy.status"]
ordered = [f for f in suggested if f in fields] + [f for f in fields if f not in suggested]
field = st.selectbox("Field", ordered, key="wi_field", format_func=field_label)
spec = widget_for(field)
current = get_answer(answers, field)
now = describe_value(current, field, kb) if current is not None else "unknown"
st.caption(f"Now: **{show.md(now)}**")
unknown = st.checkbox("…what if it were unknown?", key="wi_unknown")
if not unknown:
    ask.draw(spec, kb, PREFIX)
value = None if unknown else ask.read(spec, PREFIX)

if value is None and not unknown:
    st.info("Choose the new value to compare.")
    st.stop()

try:
    cmp = what_if(kb, answers, field, value)
except PatientInputError as exc:
    show.problems(exc.problems, "That value is not accepted")
    st.stop()

st.subheader("Differences")
box = st.warning if cmp.changed else st.success
box("\n".join(f"- {show.md(line)}" for line in cmp.summary(kb)))
if cmp.missing_resolved or cmp.missing_added:
    st.caption("Missing data: " + ", ".join([f"now known: {show.md(field_label(f))}" for f in cmp.missing_resolved]
                                            + [f"newly needed: {show.md(field_label(f))}" for f in cmp.missing_added]))

then = describe_value(value, field, kb) if value is not None else "unknown"
c1, c2 = st.columns(2)
with c1:
    _compact(cmp.before, f"As entered ({field_label(field)}: {now})")
with c2:
    _compact(cmp.after, f"If {field_label(field)}: {then}")

if st.toggle("Show the full recommendation with the new value", key="wi_full"):
    show.recommendation(kb, cmp.after, key="wi_after", show_status=False)
with st.expander("The route with the new value"):
    show.route(kb, cmp.after)
