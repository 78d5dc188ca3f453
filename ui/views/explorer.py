"""Algorithm explorer: the whole pathway graph, a patient's path on it, and the rule of any node."""

from __future__ import annotations

import streamlit as st
from myositis_ui import show, state

import decision
from decision.errors import PatientInputError

kb = state.knowledge_base()
st.title("Algorithm explorer")
st.caption(f"{show.md(kb.metadata.title)} — {len(kb.nodes)} nodes, {len(kb.therapies)} therapies, "
           f"{len(kb.rules)} tailoring rules and safety gates. The graph is the same DOT as "
           "`myositis-cds graph --patient FILE`.")

sources = state.patient_sources()
choice = st.radio("Highlight the path of", ["No patient", *sources], index=1 if sources["Guided interview"] else 0,
                  horizontal=True, key="ex_patient")
rec = None
if choice in sources:
    try:
        rec = decision.recommend(kb, sources[choice])
    except PatientInputError as exc:
        show.problems(exc.problems, "That patient is not valid")
if rec is not None:
    show.status_banner(rec)
    st.caption("Path: " + " → ".join(f"`{n}`" for n in rec.path))

layout = st.radio("Layout", ["left to right (fits the screen)", "top to bottom"],
                  horizontal=True, key="ex_layout")
show.graph(kb, rec, left_to_right=layout.startswith("left"))
st.download_button("Download the DOT (as `myositis-cds graph` prints it)", show.pathway_dot(kb, rec),
                   file_name="pathway.dot", mime="text/vnd.graphviz", key="ex_dot")

st.subheader("Read a node")
order = list(kb.nodes)
default = order.index(rec.status.node) if rec is not None else order.index(kb.pathway.entry)
node_id = st.selectbox("Node", order, index=default, key="ex_node",
                       format_func=lambda n: f"{kb.nodes[n].title} ({n})" + (" ●" if rec and n in rec.path else ""))
with st.container(border=True):
    show.node_rule(kb, node_id, rec)
