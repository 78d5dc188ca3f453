"""Library tests of decision.views (text, handout); no Streamlit needed."""
