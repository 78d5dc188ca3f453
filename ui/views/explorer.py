"""Algorithm explorer: the pathway one step at a time (large enough to read or project), and the rule of any node.

The whole graph is about ten times wider than high, so drawn whole its labels shrink to a few pixels. Here the
compact map shows the steps and the patient's position; the graph below draws one step at a time, with a note
for each way out of it; the full graph stays available as a download for Graphviz.
"""

from __future__ import annotations

import streamlit as st
from myositis_ui import show, state

import decision
from decision.errors import PatientInputError
from decision.views import reading

kb = state.knowledge_base()
st.title("Algorithm explorer")
st.caption(f"{show.md(kb.metadata.title)} — {len(kb.nodes)} steps and decisions, {len(kb.therapies)} therapies, "
           f"{len(kb.rules)} tailoring rules and safety gates.")

sources = state.patient_sources()
choice = st.radio("Show the route of", ["No patient", *sources], index=1 if sources["Guided interview"] else 0,
                  horizontal=True, key="ex_patient")
rec = None
if choice in sources:
    try:
        rec = decision.recommend(kb, sources[choice])
    except PatientInputError as exc:
        show.problems(exc.problems, "That patient is not valid")
if rec is not None:
    show.pathway_map(rec)
    show.status_banner(rec)

steps = [(s, t) for s, t in reading.STEPS if any(n.step == s for n in kb.nodes.values())]
default = reading.position(rec) if rec is not None else steps[0][0]
titles = dict(steps)
step = st.radio("Step", list(titles), index=list(titles).index(default) if default in titles else 0,
                format_func=titles.__getitem__, horizontal=True, key="ex_step")
zoom = st.select_slider("Zoom", options=[50, 75, 100, 125, 150], value=100, key="ex_zoom",
                        format_func=lambda z: f"{z} %", help="Wider than the page? Scroll the graph sideways.")
# The step is drawn at its natural size (not shrunk to the page width), zoomed, and scrolled when larger.
st.html("<style>.st-key-ex_graph [data-testid=stGraphVizChart] { overflow: auto; max-height: 80vh; }"
        f".st-key-ex_graph [data-testid=stGraphVizChart] svg {{ max-width: none !important; width: auto !important;"
        f" height: auto !important; zoom: {zoom / 100}; }}"
        "</style>")
with st.container(key="ex_graph"):
    show.graph(kb, rec, step=step)
st.download_button("Download the whole graph (DOT, for Graphviz)", show.pathway_dot(kb, rec),
                   file_name="pathway.dot", mime="text/vnd.graphviz", key="ex_dot")

st.subheader("Read a step")
order = [n for n in kb.nodes if kb.nodes[n].step == step]
on_route = [n for n in order if rec is not None and n in rec.path]
node_id = st.selectbox("Step or decision", order, index=order.index(on_route[-1]) if on_route else 0,
                       key="ex_node", format_func=lambda n: kb.nodes[n].title
                       + (" ● on the route" if rec is not None and n in rec.path else ""))
tech = st.session_state.get("ex_tech", False)
with st.container(border=True):
    show.node_rule(kb, node_id, rec, technical_ids=tech)
show.technical_toggle("ex_tech")
