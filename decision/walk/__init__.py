"""The walk: three-valued conditions (:mod:`.conditions`), the pure walker (:mod:`.walker`), the rules that rank,
gate and withhold therapies (:mod:`.rules`), and the plans attached to an answer (dosing, cancer screening,
response). Nothing here does I/O."""
