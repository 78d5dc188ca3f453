"""Clinical trials: each trial's criteria as a checklist for the current patient, and the trial pipeline.

The page only renders: eligibility, the checklist rows and the pipeline filter come from ``decision.trials``
(the same functions ``myositis-cds trials`` prints). Unknown criteria are shown as the next questions.
"""

from __future__ import annotations

import streamlit as st
from myositis_ui import show, state

from decision.errors import KnowledgeBaseError, PatientInputError
from decision.trials import bundled_trials, eligibility
from decision.trials.models import GROUP_TEXT
from decision.trials.render import checklist_rows, next_questions, pipeline_rows

VERDICT_ALERT = {"eligible": st.success, "possibly_eligible": st.info, "not_eligible": st.warning}


def _patient() -> dict | None:
    sources = state.patient_sources()
    refs = state.reference_patients()
    options = [*sources, *(f"Reference: {label}" for label in refs)]
    choice = st.selectbox("Patient", options, index=0, key="tr_patient")
    if choice in sources:
        return sources[choice]
    mapping, found = state.read_reference(refs[choice.removeprefix("Reference: ")])
    if found:
        show.problems(found, "That reference patient could not be read")
    return mapping


def _eligibility(kb, trials) -> None:
    answers = _patient()
    if answers is None:
        return
    on = st.date_input("Screening date (washout windows count to it; default: the patient's as-of date)", value=None,
                       key="tr_on")
    try:
        results = eligibility(kb, answers, trials=trials, on=on)
    except PatientInputError as exc:
        show.problems(exc.problems, "That patient is not valid")
        return
    if not answers:
        st.info("No answers yet: every criterion is unknown. Choose a reference patient or answer the interview.")
    for r in results:
        st.subheader(f"{r.registry_id} — {r.title}")
        verdict = r.verdict_text.upper() + (" (completed trial)" if r.completed else "")
        VERDICT_ALERT[r.verdict](f"**{verdict}** — {len(r.failed)} failed, {len(r.unknown)} unknown of "
                                 f"{len(r.criteria)} criteria.")
        st.caption(f"Status: {r.status} as of {r.status_as_of}; check the registry before referring.")
        if r.failed:
            st.markdown("**Fails:** " + "; ".join(show.md(c.text) for c in r.failed))
        questions = next_questions(r)
        if questions:
            st.markdown("**Next questions:**\n" + "\n".join(f"- {show.md(q)}" for q in questions))
        with st.expander(f"Checklist ({len(r.criteria)} criteria)", expanded=r.verdict != "not_eligible"):
            st.dataframe(checklist_rows(r), hide_index=True, key=f"tr_checklist_{r.trial_id}")
            if r.site_checks:
                st.markdown("**The site checks (not judged here):**\n" + "\n".join(f"- {show.md(s)}"
                                                                                   for s in r.site_checks))


def _pipeline(trials) -> None:
    pipeline = trials.pipeline
    if pipeline is None:
        st.info("No pipeline table in the trial files.")
        return
    st.caption(f"{show.md(pipeline.source)}. Statuses as of {pipeline.source_date} "
               f"({show.md(pipeline.source_date_note)}) — statuses change; check the registry.")
    c1, c2 = st.columns(2)
    with c1:
        group = st.selectbox("Group", ["all", *GROUP_TEXT], format_func=lambda g: GROUP_TEXT.get(g, "all groups"),
                             key="tr_group")
    with c2:
        text = st.text_input("Search (agent, mechanism, sponsor, registry id…)", key="tr_search")
    rows = pipeline_rows(pipeline, None if group == "all" else group, text or None)
    st.caption(f"{len(rows)} of {len(pipeline.entries)} rows")
    st.dataframe(rows, hide_index=True, key="tr_pipeline")


kb = state.knowledge_base()
st.title("Clinical trials")
st.caption("Each criterion is met, not met or **unknown** — a missing datum is never read as “not met”. "
           "Eligible means every criterion the record can answer passes; the trial site decides.")
try:
    bundle = bundled_trials()
except KnowledgeBaseError as exc:
    st.error("The trial files could not be loaded.")
    st.code("\n".join(str(p) for p in exc.problems), language="text")
    st.stop()
tab_eligibility, tab_pipeline = st.tabs(["Eligibility", "Pipeline"])
with tab_eligibility:
    _eligibility(kb, bundle)
with tab_pipeline:
    _pipeline(bundle)
