"""About and basis: what the tool is for and not for, which knowledge base it runs, how it reasons, its sources."""

from __future__ import annotations

import streamlit as st
from myositis_ui import show, state

from decision.recommendation import DISCLAIMER
from decision.views.handout import reference

kb = state.knowledge_base()
m = kb.metadata

st.title("About and basis")
st.warning(DISCLAIMER)

st.header("Intended use")
st.markdown(show.md(m.intended_use))
st.markdown("**Intended users:** " + ", ".join(show.md(u) for u in m.intended_users))
st.markdown("**Not for:**\n" + "\n".join(f"- {show.md(x)}" for x in m.not_for))

st.header("Knowledge base")
st.dataframe([
    {"": "id", "value": m.id}, {"": "title", "value": m.title}, {"": "version", "value": m.version},
    {"": "date", "value": m.date.isoformat()}, {"": "status", "value": m.status},
    {"": "sha256", "value": kb.sha256}, {"": "files", "value": ", ".join(kb.files)},
    {"": "authors", "value": ", ".join(m.authors)},
    {"": "reviewers", "value": ", ".join(m.reviewers) or "none yet"},
    {"": "size", "value": f"{len(kb.nodes)} nodes, {len(kb.therapies)} therapies, {len(kb.rules)} rules, "
                          f"{len(kb.sources)} sources"},
], hide_index=True, width="stretch", key="about_kb_table")
if m.status != "approved":
    st.info(f"This knowledge base is **{m.status}**: it has not been approved for clinical use.")

st.header("Rating scheme")
st.markdown(show.md(m.rating_scheme))

st.header("How the logic works")
st.markdown("""
1. **The pathway is data.** The Lundberg approach (triage → is it refractory? → activity or damage → is the
   diagnosis right? → which domain leads → the therapy ladder) is a graph of decision, action and outcome nodes
   written in YAML under `algorithms/`, checked when it loads (one entry, no dangling edges, every node reachable,
   an outcome reachable from every node).
2. **Conditions are a small vocabulary**, not code: `all` / `any` / `not` over typed comparisons on declared facts.
   Each is evaluated in three values — true, false, or **unknown because data is missing**. Unknown is never read
   as “no”: the walk records what is missing and what the answer would change, and goes to the node's declared
   “unknown” target (typically “get this examination first”) or tries the next branch.
3. **The walk** starts at the entry and takes the first branch that is true at each decision node, collecting the
   actions of the nodes it passes, and ends at an outcome that names the situation (for example “not yet
   refractory”).
4. **Therapy options** come from the ladder line the situation calls for; **tailoring rules** raise or bring
   forward some options (each with its reason) and **safety gates** rule out or flag others (pregnancy, hepatitis B,
   latent TB, thrombosis risk…). A gate whose data is unknown becomes a “screening due” warning.
5. **Every statement carries its basis** — sources, strength of recommendation, quality of evidence — and the
   trace shows which inputs decided each branch, so the reasoning can be checked without reading code.

The same pure function serves this app, the command line (`myositis-cds recommend FILE`) and the exports; the
knowledge-base version and sha256 are printed with every recommendation.
""")

st.header("Known limitations")
st.markdown("\n".join(f"- {show.md(x)}" for x in m.limitations) or "None recorded.")

st.header(f"Sources ({len(kb.sources)})")
tech = st.session_state.get("ab_tech", False)  # source notes name other sources by key: for authors only
for sid in sorted(kb.sources):
    s = kb.sources[sid]
    note = f"  \n  *{show.md(s.note)}* (`{sid}`)" if s.note and tech else ""
    st.markdown(f"- {show.md(reference(kb, sid))} ({s.kind}{f', {s.year}' if s.year else ''}){note}")
show.technical_toggle("ab_tech")
