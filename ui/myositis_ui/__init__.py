"""Streamlit rendering helpers shared by the pages of the myositis-cds app.

Only rendering lives here; every decision (what to ask, what changed, what to export) comes from the
``decision`` library. Patient data lives in ``st.session_state`` only and is never logged or written.
"""
