"""``myositis-cds``: a thin command line over the library (validate, recommend, graph, schema, score, trials,
batch, census).

Every command is a few lines that call the library and print one of its views. Bad input exits with status
2 and one line per problem (field or ``file:line``, expected, found) on stderr — never a traceback, and
nothing is written anywhere but standard output (``batch`` and ``census`` write the file named by ``-o``).

Each command imports what it uses inside its own function, so ``--help`` and ``validate`` do not pay for the
walker, the trials or the views (the package itself imports lazily too).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from decision.errors import DecisionError, KnowledgeBaseError, Problem

# The trial pipeline's groups, for --group (decision.trials.models.GROUP_TEXT; a test keeps the two equal).
PIPELINE_GROUPS = ("completed_published", "completed_unpublished", "fcrn", "ibm", "in_process", "novel_agent",
                   "terminated")


def _kb(args):
    from decision.kb.loader import load

    return load(args.kb)


def cmd_validate(args) -> int:
    from decision.kb.loader import load

    kb = load(args.path)
    print(f"ok: {kb.metadata.id} {kb.metadata.version} ({len(kb.nodes)} nodes, {len(kb.therapies)} therapies, "
          f"{len(kb.rules)} rules, {len(kb.sources)} sources) sha256 {kb.sha256}")
    return 0


def cmd_recommend(args) -> int:
    import decision.views.text as render
    from decision.patient.files import load_patient
    from decision.walk.walker import recommend

    kb = _kb(args)
    rec = recommend(kb, load_patient(args.file))
    if args.format == "json":
        print(rec.to_json())
    else:
        print(render.to_text(rec, markdown=args.format == "markdown", kb=kb, details=args.details), end="")
    return 0


def cmd_graph(args) -> int:
    import decision.views.text as render
    from decision.patient.files import load_patient
    from decision.walk.walker import recommend

    kb = _kb(args)
    rec = recommend(kb, load_patient(args.patient)) if args.patient else None
    print(render.to_dot(kb, rec, rankdir=args.rankdir) if args.format == "dot" else render.to_mermaid(kb, rec), end="")
    return 0


def cmd_schema(args) -> int:
    from decision.schemas import algorithm_schema, patient_schema

    if args.which == "trials":
        from decision.trials.schema import trials_schema

        schema = trials_schema()
    else:
        schema = patient_schema() if args.which == "patient" else algorithm_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def cmd_score(args) -> int:
    from decision.measures import score
    from decision.measures.render import render_text
    from decision.patient.files import read_mapping

    with open(args.file, "rb") as fh:
        raw = fh.read()
    result = score(args.kind, read_mapping(raw, args.file))
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.format == "json" else render_text(result),
          end="" if args.format != "json" else "\n")
    return 0


def cmd_basis(args) -> int:
    from decision.views.basis_doc import render_clinical_basis

    print(render_clinical_basis(_kb(args)), end="")
    return 0


def cmd_trials(args) -> int:
    from decision.patient.files import load_patient
    from decision.trials import eligibility, load_trials
    from decision.trials.render import eligibility_json, eligibility_text, pipeline_rows, pipeline_text

    trials = load_trials(args.trials)
    if args.file == "pipeline":
        if trials.pipeline is None:
            raise KnowledgeBaseError([Problem(args.trials or "algorithms/trials", "a 'pipeline' section", "none")])
        rows = pipeline_rows(trials.pipeline, args.group, args.search)
        if args.format == "json":
            print(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            print(pipeline_text(trials.pipeline, rows, markdown=args.format == "markdown"), end="")
        return 0
    results = eligibility(_kb(args), load_patient(args.file), trials=trials, on=args.on)
    if args.format == "json":
        print(eligibility_json(results))
    else:
        print(eligibility_text(results, markdown=args.format == "markdown"), end="")
    return 0


def cmd_teach(args) -> int:
    from decision.teaching.cli import run_teach

    return run_teach(args, _kb(args))


def cmd_batch(args) -> int:
    from decision.batch.runfile import batch_file

    try:
        summary = batch_file(args.input, args.out, workers=args.workers or _cpus(), kb_path=args.kb,
                             progress=not args.quiet, engine=args.engine)
    except UnicodeDecodeError as exc:
        raise DecisionError([Problem(args.input, "UTF-8 text", f"undecodable bytes at offset {exc.start}")]) from None
    print(summary.text(), file=sys.stderr)
    return 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def cmd_census(args) -> int:
    from decision.census import census_file, to_html, to_json

    try:
        result = census_file(args.results)
    except UnicodeDecodeError as exc:
        raise DecisionError([Problem(args.results, "UTF-8 text", f"undecodable bytes at offset {exc.start}")]) from None
    except (ValueError, KeyError, TypeError) as exc:  # JSONDecodeError is a ValueError
        raise DecisionError([Problem(args.results, "a batch result (one JSON row a line, from 'batch')",
                                     f"{type(exc).__name__}: {exc}")]) from None
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(to_html(result))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            fh.write(to_json(result) + "\n")
    if not args.out and not args.json:
        print(to_json(result))
    return 0


def _add_registry_commands(sub) -> None:
    """``batch`` and ``census``: the registry commands (issue 15)."""
    bt = sub.add_parser("batch", help="the pathway for every patient of a .jsonl, .csv or .parquet file")
    bt.add_argument("input", help="patients: .jsonl (one object a line), .csv (dotted columns) or .parquet")
    bt.add_argument("-o", "--out", required=True, help="result rows: .jsonl or .parquet")
    bt.add_argument("--workers", type=int, default=1, help="worker processes (0: one per CPU; default 1)")
    bt.add_argument("--engine", choices=["pool", "dask"], default="pool",
                    help="pool: stdlib multiprocessing (default); dask: a local Dask bag (needs the [dask] extra)")
    bt.add_argument("--kb", default=None, help="knowledge-base folder (default: bundled)")
    bt.add_argument("--quiet", action="store_true", help="no progress bar (the summary is still printed)")
    bt.set_defaults(func=cmd_batch)

    c = sub.add_parser("census", help="pathway census of a batch result: outcomes, nodes, missing facts, trials")
    c.add_argument("results", help="a batch result (.jsonl or .parquet)")
    c.add_argument("-o", "--out", default=None, help="write the HTML report here")
    c.add_argument("--json", default=None, help="write the census JSON here (default: standard output)")
    c.set_defaults(func=cmd_census)


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD; found {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="myositis-cds", description="Decision support for refractory myositis.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check a knowledge base (default: the bundled one)")
    v.add_argument("path", nargs="?", default=None, help="folder of YAML files or one file")
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("recommend", help="next steps for a patient file (YAML or JSON)")
    r.add_argument("file")
    r.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    r.add_argument("--details", action="store_true",
                   help="add the reasoning, basis, not suggested, missing data and cancer screening")
    r.add_argument("--kb", default=None, help="knowledge-base folder (default: bundled)")
    r.set_defaults(func=cmd_recommend)

    g = sub.add_parser("graph", help="the pathway as Graphviz DOT or Mermaid")
    g.add_argument("--format", choices=["dot", "mermaid"], default="dot")
    g.add_argument("--patient", default=None, help="highlight the path walked for this patient file")
    g.add_argument("--rankdir", choices=["LR", "TB"], default="LR", help="DOT layout: left to right or top to bottom")
    g.add_argument("--kb", default=None)
    g.set_defaults(func=cmd_graph)

    s = sub.add_parser("schema", help="JSON Schema of the patient file, a knowledge-base file or a trial file")
    s.add_argument("which", choices=["patient", "algorithm", "trials"])
    s.set_defaults(func=cmd_schema)

    b = sub.add_parser("basis", help="the clinical-basis document (Markdown) generated from the knowledge base")
    b.add_argument("--kb", default=None)
    b.set_defaults(func=cmd_basis)

    sc = sub.add_parser("score", help="outcome measures: tis, doi, classify (EULAR/ACR 2017) or bohan_peter")
    sc.add_argument("kind", choices=["tis", "doi", "classify", "bohan_peter"])
    sc.add_argument("file")
    sc.add_argument("--format", choices=["text", "json"], default="text")
    sc.set_defaults(func=cmd_score)

    t = sub.add_parser("trials", help="trial eligibility per criterion for a patient file, or the trial pipeline")
    t.add_argument("file", help="a patient file (YAML or JSON), or the word 'pipeline'")
    t.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    t.add_argument("--on", type=_date, default=None, help="screening date for washout windows (default: as_of)")
    t.add_argument("--group", default=None, choices=PIPELINE_GROUPS, help="pipeline only: one group of the table")
    t.add_argument("--search", default=None, help="pipeline only: rows containing this text")
    t.add_argument("--kb", default=None)
    t.add_argument("--trials", default=None, help="trials folder or file (default: bundled)")
    t.set_defaults(func=cmd_trials)

    te = sub.add_parser("teach", help="teaching cases: list, show one, or check every answer against the snapshot")
    te.add_argument("action", choices=["list", "show", "check"])
    te.add_argument("case", nargs="?", default=None, help="show only: the case id")
    te.add_argument("--update", action="store_true", help="check only: rewrite the answer snapshot")
    te.add_argument("--answers", action="store_true", help="show only: the answer key (from the walker) too")
    te.add_argument("--format", choices=["markdown", "html"], default="markdown", help="show only: output format")
    te.add_argument("--cases", default=None, help="cases folder (default: bundled)")
    te.add_argument("--kb", default=None)
    te.set_defaults(func=cmd_teach)
    _add_registry_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from decision.privacy import keep_validation_private

    keep_validation_private()  # before any model is built: a pydantic plugin would see every patient value
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DecisionError as exc:
        print(f"myositis-cds: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"myositis-cds: {getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
