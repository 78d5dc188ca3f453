"""Views of a :class:`~decision.recommendation.Recommendation`: terminal text, Markdown and HTML handouts, and
the clinical-basis document. Views only format; they never decide."""
