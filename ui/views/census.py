"""Pathway census: upload a batch result and see what the pathway makes of a registry (decision.census)."""

from __future__ import annotations

import streamlit as st

from decision.census import census, to_html, to_json

st.title("Pathway census")
st.caption("Counts over a batch result (`myositis-cds batch patients.jsonl -o results.jsonl`): outcomes, nodes, "
           "decisions left undecided for want of a fact, the next questions, trial leads. Rows stay in this "
           "session; the census counts and copies no patient's row.")

upload = st.file_uploader("Batch result (.jsonl)", type=["jsonl"], key="census_upload")
if upload is None:
    st.info("Upload a batch result to see its census.")
    st.stop()

try:
    result = census(line for line in upload.getvalue().decode("utf-8").splitlines() if line.strip())
except (ValueError, KeyError, TypeError) as exc:
    st.error(f"Not a batch result: {exc}")
    st.stop()

cols = st.columns(3)
cols[0].metric("rows", f"{result['rows']:,}")
cols[1].metric("answered", f"{result['answered']:,}")
cols[2].metric("error rows", f"{result['errors']:,}")


def _chart(title: str, rows: list[dict], label: str, value: str) -> None:
    st.subheader(title)
    if not rows:
        st.caption("none")
        return
    st.bar_chart({r[label]: r[value] for r in rows}, horizontal=True)


_chart("Patients per outcome", result["outcomes"], "status", "patients")
_chart("Decisions left undecided", result["undecided"], "node", "patients")
st.dataframe([{"decision": u["node"], "patients": u["patients"], "of those reaching it": u["share_of_visits"],
               "missing facts": ", ".join(f"{m['fact']} ({m['patients']})" for m in u["missing"][:6])}
              for u in result["undecided"]], key="census_undecided")
_chart("Most common next question", result["next_questions"], "field", "patients")
_chart("Trial leads", result["trial_leads"], "registry_id", "patients")
_chart("Patients per node", result["nodes"], "node", "patients")

st.download_button("Census report (HTML)", to_html(result), file_name="census.html", mime="text/html",
                   key="census_html")
st.download_button("Census (JSON)", to_json(result), file_name="census.json", mime="application/json",
                   key="census_json")
