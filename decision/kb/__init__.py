"""The knowledge base: YAML in ``algorithms/`` read (:mod:`.loader`), modelled (:mod:`.models`) and checked as a
graph (:mod:`.checks`). Everything past :func:`load` is immutable and already valid."""
