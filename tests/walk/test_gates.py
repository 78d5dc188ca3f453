"""Safety gates: unknown facts become conditional checks; ranking and wording of warnings."""

import decision

KB = decision.load()
REFRACTORY_DM = {
    "age": 45, "sex": "female", "pregnancy": {"status": "not_pregnant", "plans": "none", "breastfeeding": False,
                                              "contraception": True},
    "diagnosis": {"subtype": "dm", "ibm_features_excluded": True}, "ild": {"present": False},
    "mri": {"oedema": True}, "labs": {"ck": {"value": 900, "uln": 200}, "egfr": 90},
    "cancer": {"active": False, "screening": "done", "screening_result": "negative"},
    "therapies": [{"drug": "methotrexate", "weeks": 16, "outcome": "failed", "current": False},
                  {"drug": "mycophenolate_mofetil", "weeks": 16, "outcome": "failed", "current": True}],
}


def test_unknown_hepatitis_b_is_a_conditional_check_naming_the_tests():
    rec = decision.recommend(KB, REFRACTORY_DM)
    hbv = next(w for w in rec.warnings if w.id == "hepatitis_b_reactivation")
    assert hbv.severity == "screening_due"
    assert hbv.missing == ("hepatitis_b.hbsag", "hepatitis_b.anti_hbc", "hepatitis_b.dna")[:len(hbv.missing)]
    assert hbv.message.startswith("Check before starting") and "If present" in hbv.message


def test_known_positive_hepatitis_b_is_a_caution_not_a_check():
    rec = decision.recommend(KB, {**REFRACTORY_DM, "hepatitis_b": {"hbsag": "negative", "anti_hbc": "positive"}})
    hbv = [w for w in rec.warnings if w.id == "hepatitis_b_reactivation"]
    assert hbv and hbv[0].severity in ("caution", "contraindication")


def test_cautions_come_before_checks_and_checks_follow_the_suggestion_order():
    rec = decision.recommend(KB, {**REFRACTORY_DM, "comorbidity": {"thrombosis_history": True}})
    severities = [w.severity for w in rec.warnings]
    assert severities == sorted(severities, key=["contraindication", "caution", "screening_due"].index)
    order = [a.therapy for a in rec.actions if a.kind == "therapy"]
    firsts = [min(order.index(t) for t in w.therapies if t in order) for w in rec.warnings
              if w.severity == "screening_due" and any(t in order for t in w.therapies)]
    assert firsts == sorted(firsts)


def test_no_warning_about_a_therapy_neither_suggested_nor_taken():
    rec = decision.recommend(KB, REFRACTORY_DM)
    concerned = {a.therapy for a in rec.actions if a.therapy} | {"mycophenolate_mofetil"}
    for w in rec.warnings:
        assert not w.therapies or set(w.therapies) <= concerned, (w.id, w.therapies)


def test_a_steroid_plan_blocked_by_the_weight_asks_for_it():
    rec = decision.recommend(KB, {"age": 40, "sex": "male", "diagnosis": {"subtype": "pm"}, "treatment_naive": True,
                                  "ild": {"present": False}})
    assert rec.glucocorticoid_plan and rec.glucocorticoid_plan["missing"] == ["weight_kg"]
    weight = next(m for m in rec.missing if m.field == "weight_kg")
    assert "starting glucocorticoid dose" in weight.would_change[0]
    with_weight = decision.recommend(KB, {"age": 40, "sex": "male", "diagnosis": {"subtype": "pm"},
                                          "treatment_naive": True, "ild": {"present": False}, "weight_kg": 70})
    assert "default" in with_weight.glucocorticoid_plan
    assert "weight_kg" not in [m.field for m in with_weight.missing]



def test_a_message_two_rules_share_still_names_every_therapy_it_concerns():
    """Untreated latent TB rules out a JAK inhibitor and calls for caution before rituximab, in the same words:
    the caution is not dropped as a repeat, since it names a therapy the contraindication does not."""
    tb = {"tuberculosis": {"test": "positive", "treated": False}}
    variations = ({}, {"autoantibodies": [{"name": "mi2", "result": "positive"}]},
                  {"diagnosis": {"subtype": "pm", "ibm_features_excluded": True}})
    for extra in variations:
        rec = decision.recommend(KB, {**REFRACTORY_DM, **extra, **tb})
        assert "rituximab" in {a.therapy for a in rec.actions if a.kind == "therapy"}
        by_id = {w.id: w for w in rec.warnings}
        assert "rituximab" in by_id["latent_tb_other_biologics"].therapies, extra
        assert by_id["latent_tb_other_biologics"].message == by_id["latent_tb_jak_tnf"].message
        assert "tofacitinib" in {n.therapy for n in rec.not_suggested if n.by == "latent_tb_jak_tnf"}
    treated = decision.recommend(KB, {**REFRACTORY_DM, "tuberculosis": {"test": "positive", "treated": True}})
    assert not {"latent_tb_other_biologics", "latent_tb_jak_tnf"} & {w.id for w in treated.warnings}


def test_a_tnf_inhibitor_with_ild_carries_the_lung_caution_every_time():
    """Cavagna 2017 grades TNF inhibitors and other biologics '!' for ILD: whenever a TNF inhibitor is suggested
    to a patient with ILD (arthritis leading, lung quiet), the caution names it; without ILD it does not appear;
    with ILD not recorded it is a check to make (in overlap myositis: an antisynthetase patient with the lung never
    assessed goes to the ILD ladder first, round 11)."""
    from example_patients import example

    p25 = example("P25")
    cases = {"stable ILD": ({"present": True, "symptomatic": False, "progressing": False}, "caution"),
             "no ILD": ({"present": False}, None), "ILD not recorded": ({}, "screening_due")}
    for name, (ild, severity) in cases.items():
        patient = {**p25, "ild": ild}
        if not ild:
            patient = {**patient, "diagnosis": {**p25["diagnosis"], "subtype": "overlap"}, "autoantibodies": [
                {"name": "jo1", "result": "negative"}]}
        rec = decision.recommend(KB, patient)
        assert "tnf_inhibitor" in {a.therapy for a in rec.actions if a.kind == "therapy"}, name
        found = [w for w in rec.warnings if w.id == "biologic_ild"]
        if severity is None:
            assert not found, name
        else:
            assert found and found[0].severity == severity and "tnf_inhibitor" in found[0].therapies, name
