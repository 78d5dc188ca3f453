"""Calculators: IMACS TIS and DOI, 2017 EULAR/ACR classification, Bohan & Peter — all from decision.measures."""

from __future__ import annotations

from typing import cast

import streamlit as st
from myositis_ui import show

from decision.errors import PatientInputError
from decision.labels import ASSESSMENT_MEASURES
from decision.measures import score
from decision.measures.bohan_peter import CRITERIA, EXCLUSIONS, BohanPeterResult
from decision.measures.classification import ITEMS, ClassificationResult
from decision.measures.coreset import ENZYME_LABELS, ENZYMES
from decision.measures.doi import DOIResult
from decision.measures.render import IIM_LABELS
from decision.measures.tis import TISResult

TRI = [None, True, False]


def _tri(value) -> str:
    return {None: "unknown", True: "yes", False: "no"}[value]


def _visit(prefix: str, mmt_max: int | None, ulns: dict[str, float | None]) -> dict:
    ss = st.session_state
    visit = {k: ss.get(f"{prefix}_{k}") for k in ("pga", "ptga", "mmt", "haq", "extramuscular")}
    visit = {k: v for k, v in visit.items() if v is not None}
    if "mmt" in visit:
        visit["mmt_max"] = mmt_max
    for enzyme in ENZYMES:
        value = ss.get(f"{prefix}_{enzyme}")
        if value is not None:
            visit[enzyme] = {"value": value, "uln": ulns.get(enzyme)}
    return visit


STEPS = {"pga": 0.5, "ptga": 0.5, "mmt": 1.0, "haq": 0.125, "extramuscular": 0.5}  # input granularity only
# Labels and instrument ranges come from the library (decision.labels.ASSESSMENT_MEASURES); the MMT's top is the
# scale chosen above.
MEASURE_ROWS = tuple((key, "MMT total" if key == "mmt" else label, None if key == "mmt" else top, STEPS[key])
                     for key, label, top in ASSESSMENT_MEASURES)


def _measure_rows(mmt_max: int) -> None:
    """One row per measure: label, baseline, follow-up (each input labelled for screen readers)."""
    head = st.columns([3, 2, 2])
    head[1].markdown("**Baseline**")
    head[2].markdown("**Follow-up**")
    rows: list[tuple[str, str, float | None, float]] = [
        (k, f"{label} (0–{mmt_max} points)" if k == "mmt" else label, top or float(mmt_max), step)
            for k, label, top, step in MEASURE_ROWS]
    rows += [(e, f"{ENZYME_LABELS[e]} (lab units)", None, 1.0) for e in ENZYMES]
    for key, label, top, step in rows:
        c0, c1, c2 = st.columns([3, 2, 2], vertical_alignment="center")
        c0.markdown(label)
        for col, prefix, when in ((c1, "tis_b", "baseline"), (c2, "tis_f", "follow-up")):
            col.number_input(f"{label} — {when}", min_value=0.0, max_value=top, value=None, step=step,
                             format="%g", key=f"{prefix}_{key}", label_visibility="collapsed")


def tis_doi() -> None:
    st.caption("Leave a measure empty when it was not measured: it is reported as missing, never as “no change”. "
               "Enzymes are compared as multiples of the upper limit of normal; the most abnormal at baseline is "
               "followed.")
    c0, c1, c2 = st.columns(3)
    population = c0.radio("Population (TIS thresholds)", ["adult", "juvenile"], horizontal=True,
                          key="tis_population")
    method = c1.radio("Enzyme method (TIS)", ["uln_range", "relative"], horizontal=True, key="tis_enzyme_method",
                      format_func=lambda m: {"uln_range": "absolute, k × ULN range",
                                             "relative": "relative to baseline [O]"}[m])
    mmt_max = c2.selectbox("MMT scale maximum", [80, 150, 260], index=1, key="tis_mmt_max",
                           format_func=lambda m: {80: "80 (MMT-8 unilateral)", 150: "150 (MMT-8 bilateral)",
                                                  260: "260 (MMT-24)"}[m])
    with st.expander("Upper limits of normal (your laboratory's, same units as the values)", expanded=True):
        # No default: a ULN is the laboratory's own; an enzyme entered without one is reported as not scorable.
        cols = st.columns(len(ENZYMES))
        for col, enzyme in zip(cols, ENZYMES, strict=True):
            col.number_input(f"{ENZYME_LABELS[enzyme]} ULN", min_value=0.0, value=None, step=1.0,
                             format="%g", placeholder="the lab's ULN", key=f"tis_uln_{enzyme}")
    _measure_rows(mmt_max)
    ulns = {e: st.session_state.get(f"tis_uln_{e}") for e in ENZYMES}
    baseline, followup = _visit("tis_b", mmt_max, ulns), _visit("tis_f", mmt_max, ulns)
    if not baseline and not followup:
        st.info("Enter the baseline and follow-up measures to score.")
        return
    mapping = {"population": population, "enzyme_method": method, "baseline": baseline, "followup": followup}
    try:
        tis = cast(TISResult, score("tis", mapping))
        doi = cast(DOIResult, score("doi", mapping))
    except PatientInputError as exc:
        show.problems(exc.problems, "These measures cannot be scored")
        return
    st.subheader(f"TIS {tis.total:g} / 100 — {tis.category}")
    if not tis.complete:
        st.warning(f"Incomplete: {', '.join(tis.missing)} missing; could reach {tis.total_max_possible:g} "
                   f"({tis.category_lower} to {tis.category_upper}).")
    st.dataframe([{"measure": m.label, "baseline": m.baseline, "follow-up": m.followup, "range": m.range,
                   "change %": m.percent_change, "bin": m.bin, "points": m.points, "max": m.max_points,
                   "note": m.note or ""} for m in tis.measures], hide_index=True, width="stretch", key="tis_table")
    st.caption(f"{tis.population} thresholds: " + ", ".join(f"{k} ≥ {v:g}" for k, v in tis.thresholds.items())
               + f" · enzyme method: {tis.enzyme_method_formula}")
    for note in tis.notes:
        st.markdown(f"- {show.md(note)}")
    verdict = {"met": "met", "not_met": "NOT met", "indeterminate": "indeterminate"}[doi.status]
    st.subheader(f"IMACS definition of improvement: {verdict}")
    st.dataframe([{"measure": m.label, "baseline": m.baseline, "follow-up": m.followup,
                   "change %": m.percent_change, "counts as": m.state.replace("_", " "), "note": m.note or ""}
                  for m in doi.measures], hide_index=True, width="stretch", key="doi_table")
    st.caption(f"Improved {doi.improved} · worsened {doi.worsened} · assessable {doi.assessable_count} of 6 · "
               f"rule: {doi.rule}")
    for note in doi.notes:
        st.markdown(f"- {show.md(note)}")


def classification() -> None:
    st.caption("Classification criteria decide study populations, not a diagnosis. Unknown items add nothing "
               "to the score and are shown with what they could add.")
    c1, c2 = st.columns(2)
    biopsy = c1.radio("Muscle biopsy performed?", [False, True], format_func=_tri, horizontal=True, key="cl_biopsy")
    age = c2.number_input("Age at onset (years)", 0.0, 120.0, value=None, step=1.0, format="%g", key="cl_age")
    mapping: dict = {"biopsy_performed": biopsy, "age_at_onset": age}
    cols = st.columns(2)
    for i, item in enumerate(ITEMS):
        is_biopsy = item.without_biopsy == 0
        value = cols[i % 2].radio(item.label, TRI, format_func=_tri, horizontal=True, key=f"cl_{item.key}",
                                  disabled=is_biopsy and not biopsy)
        if not (is_biopsy and not biopsy):
            mapping[item.key] = value
    mapping["finger_flexor_weakness_no_treatment_response"] = st.radio(
        "Finger-flexor weakness not improving with treatment (subgroup only)", TRI, format_func=_tri,
        horizontal=True, key="cl_finger_flexor")
    try:
        result = cast(ClassificationResult, score("classify", mapping))
    except PatientInputError as exc:
        show.problems(exc.problems, "These items cannot be scored")
        return
    st.subheader(f"EULAR/ACR 2017: {IIM_LABELS[result.category]}")
    st.markdown(f"Score **{result.score:g}**" + ("" if result.complete else f" (up to {result.score_max:g})")
                + f" · probability {result.probability * 100:.1f}% ({show.md(result.probability_formula)})"
                + f" · subgroup: **{show.md(result.subgroup or 'not assigned')}**")
    st.dataframe([{"item": r.label, "given": "n/a" if r.status == "not_applicable" else _given(r.value),
                   "points": r.points, "if present": r.points_if_present} for r in result.items],
                 hide_index=True, width="stretch", key="cl_table")
    st.caption("Cut-offs: " + ", ".join(f"{k} ≥ {v:g}" for k, v in result.cutoffs.items())
               + f" · rash-or-biopsy rule: {result.rash_or_biopsy_rule.replace('_', ' ')}")
    for note in result.notes:
        st.markdown(f"- {show.md(note)}")


def _given(value) -> str:
    if isinstance(value, bool) or value is None:
        return _tri(value)
    return f"{value:g}"


def bohan_peter() -> None:
    mapping = {}
    cols = st.columns(2)
    with cols[0]:
        st.markdown("**Criteria**")
        for key, label in CRITERIA.items():
            mapping[key] = st.radio(label, TRI, format_func=_tri, horizontal=True, key=f"bp_{key}")
    with cols[1]:
        st.markdown("**Exclusions** (any one present: not classifiable)")
        for key, label in EXCLUSIONS.items():
            mapping[key] = st.radio(label, TRI, format_func=_tri, horizontal=True, key=f"bp_{key}")
    try:
        result = cast(BohanPeterResult, score("bohan_peter", mapping))
    except PatientInputError as exc:
        show.problems(exc.problems, "These items cannot be scored")
        return
    pm, dm = result.pm_category.replace("_", " "), result.dm_category.replace("_", " ")
    st.subheader(f"Bohan & Peter: PM {pm} · DM {dm}")
    st.dataframe([{"criterion / exclusion": c.label, "given": c.status}
                  for c in (*result.criteria, *result.exclusions)], hide_index=True, width="stretch", key="bp_table")
    upto = result.muscle_criteria_max
    st.caption(f"Criteria 1–4 met: {result.muscle_criteria_met}"
               + ("" if result.muscle_criteria_met == upto else f" (up to {upto})"))
    for note in result.notes:
        st.markdown(f"- {show.md(note)}")


st.title("Calculators")
tab1, tab2, tab3 = st.tabs(["TIS and DOI (response)", "EULAR/ACR 2017 classification", "Bohan & Peter"])
with tab1:
    tis_doi()
with tab2:
    classification()
with tab3:
    bohan_peter()
