"""Library tests of decision.guide (the interview and what-if logic); no Streamlit needed."""
