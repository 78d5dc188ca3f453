"""The hostile and careless inputs, as tables: each case is (id, file name, text, the message fragment it must give).

Patient cases cover the reader (tags, aliases, bombs, depth, size, encodings, JSON quirks), strict types
at the patient edge, field ranges and whole-patient contradictions. Knowledge-base cases are mutations of the
minimal fixture (tests/fixtures/minimal/kb.yaml), each one authoring mistake.
"""

from __future__ import annotations

from pathlib import Path

MINIMAL = (Path(__file__).resolve().parents[1] / "fixtures" / "minimal" / "kb.yaml").read_text(encoding="utf-8")

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
DEEP_BLOCK = "".join("  " * i + "a:\n" for i in range(100)) + "  " * 100 + "x: 1\n"

# (id, file name, text or bytes, fragment of the expected message)
PATIENT_CASES: list[tuple[str, str, str | bytes, str]] = [
    # --- the reader: YAML construction, tags, aliases, limits
    ("unknown-tag", "p.yaml", "age: !foo 45\n", "p.yaml:1: expected a plain value (no YAML tags"),
    ("float-tag-garbage", "p.yaml", "age: !!float abc\n", "p.yaml:1: expected a valid number"),
    ("binary-tag", "p.yaml", "label: !!binary '@@@'\n", "found !!binary"),
    ("set-tag", "p.yaml", "!!set {a, b}\n", "expected a plain mapping or list (no YAML tags); found !!set"),
    ("python-tag", "p.yaml", "label: !!python/object:os.system ls\n", "no YAML tags"),
    ("merge-key", "p.yaml", "<<: {age: 45}\n", "expected no merge keys"),
    ("impossible-date", "p.yaml", "as_of: 2024-13-45\n", "p.yaml:1: expected a valid date"),
    ("february-30", "p.yaml", "as_of: 2024-02-30\n", "expected a valid date"),
    ("huge-integer", "p.yaml", "age: " + "9" * 5000 + "\n", "expected a number of at most 40 characters"),
    ("huge-float", "p.yaml", "age: 1." + "5" * 100 + "\n", "expected a number of at most 40 characters"),
    ("deep-flow", "p.yaml", "label: " + "[" * 900 + "]" * 900 + "\n", "expected nesting at most 32 levels deep"),
    ("deep-block", "p.yaml", DEEP_BLOCK, "expected nesting at most 32 levels deep"),
    ("recursive-alias", "p.yaml", "a: &a [*a]\n", "expected no anchors or aliases"),
    ("billion-laughs", "p.yaml", BILLION_LAUGHS, "expected no anchors or aliases"),
    ("plain-alias", "p.yaml", "age: &x 45\nweight_kg: *x\n", "found &x"),
    ("duplicate-key", "p.yaml", "age: 45\nsex: female\nage: 46\n", "p.yaml:3 age: expected each key once"),
    ("duplicate-nested-key", "p.yaml", "mri:\n  oedema: true\n  oedema: false\n", "mri.oedema: expected each key once"),
    ("two-documents", "p.yaml", "age: 45\n---\nage: 46\n", "expected one YAML document"),
    ("unclosed-list", "p.yaml", "age: [45\n", "expected valid YAML"),
    ("tab-indent", "p.yaml", "muscle:\n\tactive: true\n", "expected valid YAML"),
    ("control-character", "p.yaml", "label: a\x07b\n", "expected valid YAML"),
    ("not-utf8", "p.yaml", b"age: 45\nlabel: \xff\xfe\n", "expected UTF-8 text"),
    ("empty", "p.yaml", "", "expected patient fields (the file is empty)"),
    ("only-comment", "p.yaml", "# nothing here\n", "the file is empty"),
    ("top-level-list", "p.yaml", "- age: 45\n", "expected a mapping of patient fields; found list"),
    ("top-level-scalar", "p.yaml", "45\n", "expected a mapping of patient fields; found int"),
    ("oversize", "p.yaml", "age: 45\n" + "#" * (300 * 1024) + "\n", "at most 256 KiB"),
    ("complex-key", "p.yaml", "? [a, b]\n: 1\n", "expected a plain key"),
    ("too-many-values", "p.yaml", "label: [" + "1," * 25_000 + "1]\n", "at most 20,000 values"),
    ("integer-key", "p.yaml", "1: 2\n", "expected field names that are text"),
    ("null-key", "p.yaml", "~: 1\n", "expected field names that are text"),
    # --- JSON
    ("json-duplicate-key", "p.json", '{"age": 45, "age": 46}', "expected each key once in a JSON object"),
    ("json-nan", "p.json", '{"age": NaN}', "a finite number (not NaN)"),
    ("json-infinity-lab", "p.json", '{"labs": {"ck": {"value": Infinity, "uln": 200}}}', "a finite number"),
    ("json-overflow", "p.json", '{"age": 1e999}', "a finite number"),
    ("json-huge-integer", "p.json", '{"age": ' + "9" * 5000 + "}", "a number of at most 40 characters"),
    ("json-deep", "p.json", '{"label": ' + "[" * 5000 + "]" * 5000 + "}", "nesting at most"),
    ("json-trailing-comma", "p.json", '{"age": 45,}', "p.json:1: expected valid JSON"),
    ("json-bom-accepted", "p.json", '\ufeff{"age": 45, "agee": 1}', "agee: expected no such field"),
    ("yaml-bom-accepted", "p.yaml", "\ufeffage: 45\nsexx: female\n", "sexx: expected no such field"),
    ("json-string-number", "p.json", '{"age": "45"}', "age: expected a valid number; found '45'"),
    ("json-one-as-boolean", "p.json", '{"mri": {"oedema": 1}}', "mri.oedema: expected a valid boolean"),
    ("json-integer-date", "p.json", '{"as_of": 20240101}', "as_of: expected a valid date"),
    ("json-impossible-date", "p.json", '{"as_of": "2024-02-30"}', "as_of: expected a valid date"),
    ("json-date-with-time", "p.json", '{"as_of": "2024-01-01T10:00:00"}', "as_of: expected a valid date"),
    ("json-top-level-list", "p.json", "[1, 2]", "expected a mapping of patient fields; found list"),
    # --- strict types at the patient edge (YAML)
    ("quoted-number", "p.yaml", "age: '45'\n", "age: expected a valid number; found '45'"),
    ("yes-as-boolean", "p.yaml", "mri: {oedema: yes}\n", "mri.oedema: expected a valid boolean; found 'yes'"),
    ("off-as-boolean", "p.yaml", "mri: {oedema: off}\n", "mri.oedema: expected a valid boolean; found 'off'"),
    ("one-as-boolean", "p.yaml", "mri: {oedema: 1}\n", "mri.oedema: expected a valid boolean; found 1"),
    ("zero-as-boolean", "p.yaml", "ild: {present: 0}\n", "ild.present: expected a valid boolean; found 0"),
    ("true-as-number", "p.yaml", "age: true\n", "age: expected a valid number; found True"),
    ("integer-date", "p.yaml", "as_of: 20240101\n", "as_of: expected a valid date"),
    ("date-with-time", "p.yaml", "as_of: 2024-01-01 10:00:00\n", "as_of: expected a valid date"),
    ("str-tag-number", "p.yaml", "age: !!str 45\n", "age: expected a valid number; found '45'"),
    ("inf-lab-value", "p.yaml", "labs: {ck: {value: .inf, uln: .inf}}\n",
     "expected a finite number (not .inf or .nan)"),
    ("nan-lab-value", "p.yaml", "labs: {ck: {value: .nan, uln: 200}}\n", "expected a finite number"),
    # --- field values
    ("negative-age", "p.yaml", "age: -3\n", "age: expected greater than or equal to 0; found -3"),
    ("age-450", "p.yaml", "age: 450\n", "age: expected less than or equal to 120"),
    ("unknown-field", "p.yaml", "muscel: {}\n", "muscel: expected no such field"),
    ("sex-abbreviated", "p.yaml", "sex: M\n", "sex: expected 'female', 'male' or 'other'"),
    ("antibody-misspelt", "p.yaml", "autoantibodies: [{name: jo-1, result: positive}]\n", "autoantibodies[0].name"),
    ("antibodies-not-a-list", "p.yaml", "autoantibodies: {name: jo1}\n", "autoantibodies: expected a valid"),
    ("therapy-without-drug", "p.yaml", "therapies: [{weeks: 12}]\n", "therapies[0].drug: expected this field"),
    ("therapy-outcome-unknown", "p.yaml", "therapies: [{drug: methotrexate, outcome: worked}]\n",
     "therapies[0].outcome: expected 'ongoing'"),
    ("mmt-above-scale", "p.yaml", "muscle: {weakness: {mmt8: 100, mmt8_max: 80}}\n", "mmt8 at most mmt8_max (80)"),
    ("label-too-long", "p.yaml", "label: " + "x" * 200 + "\n", "label: expected text with at most 80 characters"),
    ("section-as-text", "p.yaml", "pregnancy: pregnant\n", "pregnancy: expected a mapping of fields"),
    ("labs-as-list", "p.yaml", "labs: [1, 2]\n", "labs: expected a mapping of fields"),
    ("assessment-pga-range", "p.yaml", "assessments: [{date: 2024-01-01, pga: 11}]\n", "assessments[0].pga"),
    # --- contradictions refused
    ("gestation-not-pregnant", "p.yaml", "pregnancy: {status: not_pregnant, gestation_weeks: 20}\n",
     "pregnancy.gestation_weeks: expected no gestation unless pregnancy.status is pregnant"),
    ("onset-after-age", "p.yaml", "age: 30\ndiagnosis: {onset_age: 40}\n",
     "diagnosis.onset_age: expected at most the patient's age (30)"),
    ("duration-longer-than-life", "p.yaml", "age: 10\ndiagnosis: {disease_duration_months: 600}\n",
     "a duration no longer than the patient's life"),
    ("therapy-after-as-of", "p.yaml",
     "as_of: 2024-01-01\ntherapies: [{drug: methotrexate, start: 2024-06-01, current: true}]\n",
     "therapies[0].start: expected a date on or before as_of (2024-01-01)"),
    ("mri-after-as-of", "p.yaml", "as_of: 2024-01-01\nmri: {date: 2025-01-01}\n",
     "mri.date: expected a date on or before"),
    ("assessments-reversed", "p.yaml", "assessments: [{date: 2024-06-01, pga: 5}, {date: 2024-01-01, pga: 4}]\n",
     "assessments[1].date: expected assessments oldest first"),
    ("steroid-weeks-inconsistent", "p.yaml", "glucocorticoid: {weeks_at_or_above_30mg: 2, weeks_above_40mg: 8}\n",
     "glucocorticoid.weeks_above_40mg: expected at most weeks_at_or_above_30mg"),
]


def _kb(old: str, new: str, count: int = 1) -> str:
    if old not in MINIMAL:
        raise ValueError(f"{old!r} is not in the minimal knowledge base")
    return MINIMAL.replace(old, new, count)


def _branch(condition: str) -> str:
    return _kb("when: {field: muscle.active, op: is, value: true}", f"when: {condition}")


def _dense_cycle(n: int = 12) -> str:
    """``n`` decision nodes, each branching to every other: 12! cycles for a full enumeration."""
    nodes = []
    basis = "{sources: [src_a], strength: expert_opinion, evidence: expert_opinion, confidence: opinion}"
    for i in range(n):
        branches = "".join(f"\n        - {{label: b{j}, to: n{j}, when: {{field: muscle.active, op: is, value: true}}}}"
                           for j in range(n) if j != i)
        nodes.append(f"    - id: n{i}\n      kind: decision\n      step: triage\n      title: N{i}\n"
                     f"      question: q?\n      branches:{branches}\n      otherwise: done\n      basis: {basis}\n")
    head = MINIMAL.split("pathway:")[0]
    done = MINIMAL[MINIMAL.index("    - id: done"):]
    statuses = "  statuses:\n    - {code: responding, severity: on_track, meaning: the walk is done}\n"
    return head + "pathway:\n  entry: n0\n" + statuses + "  nodes:\n" + "".join(nodes) + done


def _many_sources(n: int) -> str:
    extra = "".join(f"  - {{id: s{i}, citation: c, kind: journal}}\n" for i in range(n))
    return _kb("sources:\n", "sources:\n" + extra)


# (id, text or bytes, fragment of the expected message); each is written to kb.yaml in an empty folder
KB_CASES: list[tuple[str, str | bytes, str]] = [
    ("unknown-tag", _kb("version: 1.0.0", "version: !foo 1.0.0"), "kb.yaml:5: expected a plain value (no YAML tags"),
    ("billion-laughs", MINIMAL + "\n" + BILLION_LAUGHS.replace("a:", "zz_a:", 1), "values (alias expansion counted)"),
    ("recursive-alias", MINIMAL + "zz: &r [*r]\n", "a recursive alias"),
    ("undefined-alias", _kb("title: Done", "title: *nothing"), "*nothing (undefined)"),
    ("deep-nesting", MINIMAL + "zz: " + "[" * 100 + "]" * 100 + "\n", "nesting at most 64 levels deep"),
    ("huge-integer", _kb("line: 1", "line: " + "9" * 5000), "a number of at most 40 characters"),
    ("impossible-date", _kb("date: 2026-01-01", "date: 2026-02-30"), "kb.yaml:7: expected a valid date"),
    ("infinite-line", _kb("line: 1", "line: .inf"), "a finite number (not .inf or .nan)"),
    ("merge-key", _kb("  id: minimal", "  <<: {id: minimal}"), "expected no merge keys"),
    ("duplicate-key", _kb("  title: Minimal", "  id: again\n  title: Minimal"), "expected each key once in a mapping"),
    ("two-documents", MINIMAL + "---\nzz: 1\n", "expected one YAML document"),
    ("not-utf8", MINIMAL.encode() + b"# \xff\xfe\n", "expected UTF-8 text"),
    ("empty-file", "", "an empty file"),
    ("top-level-list", "- a\n", "expected a mapping at the top level"),
    ("unknown-top-level-key", MINIMAL + "extras: 1\n", "expected a top-level key among"),
    ("sources-not-a-list", _kb("sources:\n", "sources: {}\nzz_sources:\n"), "sources: expected a list"),
    ("antibody-typo-in-contains", _branch("{field: antibodies, op: contains, value: jo-1}"),
     "expected an autoantibody name in contains on antibodies, not 'jo-1'"),
    ("uncertain-antibody-typo", _branch("{field: antibodies_uncertain, op: contains_any, value: [mda5, mda_5]}"),
     "an autoantibody name in contains_any on antibodies_uncertain, not 'mda_5'"),
    ("therapy-typo-in-contains-any", _branch("{field: tried_drugs, op: contains_any, value: [drug_a, drug_z]}"),
     "a therapy id declared in 'therapies' in contains_any on tried_drugs, not 'drug_z'"),
    ("failed-drug-typo", _branch("{field: failed_drugs, op: contains, value: methotrexate}"),
     "a therapy id declared in 'therapies' in contains on failed_drugs"),
    ("status-typo", _kb("status: responding", "status: respondin"),
     "outcome statuses must be declared under pathway.statuses"),
    ("enum-value-typo", _branch("{field: diagnosis.subtype, op: eq, value: dermatomyositis}"), "one of dm, cadm"),
    ("number-as-text", _branch("{field: age, op: gt, value: '40'}"), "a number for age"),
    ("known-not-boolean", _branch("{field: age, op: known, value: maybe}"), "true/false as the value of 'known'"),
    ("undeclared-fact", _branch("{field: muscle.actve, op: is, value: true}"), "a declared patient fact"),
    ("operator-for-kind", _branch("{field: muscle.active, op: gt, value: 1}"), "an operator for a bool fact"),
    ("undeclared-cycle", _kb("      next: done", "      next: start"),
     "cycles only through a declared 'reassess' loop"),
    ("dense-cycles", _dense_cycle(), "cycles only through a declared 'reassess' loop"),
    ("dangling-otherwise", _kb("otherwise: done", "otherwise: nowhere"), "to unknown node 'nowhere'"),
    ("entry-undeclared", _kb("entry: start", "entry: begin"), "pathway.entry: expected the id of a declared node"),
    ("unknown-source", _kb("dose: {text: 10 mg daily, basis: {sources: [src_a]",
                           "dose: {text: 10 mg daily, basis: {sources: [src_b]"), "a source key declared in 'sources'"),
    ("unknown-therapy-in-rule", _kb("targets: {therapies: [drug_a]}", "targets: {therapies: [drug_b]}"),
     "rule rule_a.targets.therapies: expected a declared therapy id"),
    ("unknown-tag-in-rule", _kb("targets: {therapies: [drug_a]}", "targets: {tags: [nope]}"),
     "expected a tag some therapy carries"),
    ("unknown-ladder", _kb("select: {ladder: muscle", "select: {ladder: skin"), "expected a declared ladder domain"),
    ("unknown-key-in-node", _kb("      title: Treat", "      title: Treat\n      colour: red"),
     "only the declared keys"),
    ("missing-basis", _kb("      reassess: {to: start, after: 12 weeks}\n      basis: {sources: [src_a], strength: "
                          "conditional_for, evidence: low, confidence: confirmed}\n",
                          "      reassess: {to: start, after: 12 weeks}\n"), "the required key 'basis'"),
    ("yes-as-boolean", _kb("immunosuppressive: true", "immunosuppressive: yes"),
     "therapies[0].immunosuppressive: expected a valid boolean; found 'yes'"),
    ("line-as-text", _kb("line: 1", "line: '1'"), "ladders[0].steps[0].line: expected a valid integer; found '1'"),
    ("too-many-sources", _many_sources(5_001), "at most 5,000 entries in 'sources'"),
    ("file-too-large", MINIMAL + "#" * (9 * 1024 * 1024) + "\n", "at most 8 MiB of YAML in all"),
]
