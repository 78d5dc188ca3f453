"""A ranking rule speaks only for the ladders its evidence covers (variation audit).

ProDERM judged IVIG on dermatomyositis muscle and skin (Total Improvement Score); it says nothing of the lung.
Before, ``dm_favours_ivig`` ranked IVIG first on the ILD ladder for anti-MDA5 ILD, with ProDERM as the reason.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
PROGRESSING_ILD = {"present": True, "progressing": True, "rapidly_progressive": False}


def _ivig(rec):
    return next((a for a in rec.actions if a.therapy == "ivig"), None)


def test_proderm_does_not_rank_ivig_on_the_ild_ladder():
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 20, "failed", current=True),
                                           ild=PROGRESSING_ILD))
    assert "act_ladder_ild" in rec.path
    ivig = _ivig(rec)
    assert ivig is None or not any("ProDERM" in r for r in ivig.ranking)


def test_proderm_still_ranks_ivig_for_dm_muscle():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", current=True)))
    assert "act_ladder_muscle" in rec.path
    assert any("ProDERM" in r for r in _ivig(rec).ranking)
