"""What if: change one answer and see, side by side, what the pathway would do differently."""

from __future__ import annotations

import streamlit as st
from myositis_ui import ask, show, state

from decision.errors import PatientInputError
from decision.guide.interview import describe_value, get_answer, widget_for
from decision.guide.whatif import askable_fields, what_if

PREFIX = "wi"


def _compact(rec, title: str) -> None:
    st.markdown(f"#### {title}")
    show.status_banner(rec)
    for w in rec.warnings:
        st.markdown(f"- ⚠️ **{show.SEVERITY_LABEL.get(w.severity, w.severity)}:** {show.md(w.message)}")
    for a in rec.actions:
        rank = f"#{a.rank} " if a.rank else ""
        st.markdown(f"- {rank}**{show.md(a.therapy_name or a.kind)}** — {show.md(a.text)}"
                    + ("" if a.timing == "now" else f" *({a.timing.replace('_', ' ')})*"))
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
field = st.selectbox("Field", ordered, key="wi_field",
                     format_func=lambda f: f"{f} — {widget_for(f).question}")
spec = widget_for(field)
current = get_answer(answers, field)
st.caption(f"Now: **{show.md(describe_value(current)) if current is not None else 'unknown'}**")
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
box("\n".join(f"- {show.md(line)}" for line in cmp.summary()))
if cmp.missing_resolved or cmp.missing_added:
    st.caption("Missing data: " + ", ".join([f"resolved `{f}`" for f in cmp.missing_resolved]
                                            + [f"newly needed `{f}`" for f in cmp.missing_added]))

c1, c2 = st.columns(2)
with c1:
    _compact(cmp.before, f"As entered ({field} = {describe_value(current) if current is not None else 'unknown'})")
with c2:
    _compact(cmp.after, f"If {field} = {describe_value(value) if value is not None else 'unknown'}")

with st.expander("Full recommendation with the new value"):
    show.recommendation(kb, cmp.after, key="wi_after", show_status=False)
with st.expander("Graph: path with the new value"):
    show.graph(kb, cmp.after)
