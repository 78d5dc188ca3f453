"""The ``teach`` subcommand's work: list the cases, show one (optionally with its key), check the snapshot.

Kept here, not in ``decision/cli.py``, so the main CLI imports nothing of teaching until ``teach`` is asked.
"""

from __future__ import annotations

from pathlib import Path

from decision.errors import Problem
from decision.teaching.check import LOCK_NAME, check_cases, read_lock, snapshot, write_lock
from decision.teaching.loader import CaseError, default_cases_path, load_cases


def _lock_path(cases_arg: str | None) -> Path:
    root = Path(cases_arg) if cases_arg else default_cases_path()
    return (root if root.is_dir() else root.parent) / LOCK_NAME


def run_teach(args, kb) -> int:
    cases = load_cases(kb, args.cases)
    if args.action == "list":
        for cid, c in sorted(cases.items()):
            print(f"{cid}\t{c.difficulty}\t{len(c.stages)} stage(s)\t{c.title}\t[{', '.join(c.tags)}]")
        return 0
    if args.action == "show":
        from decision.teaching import handout

        if args.case not in cases:
            raise CaseError([Problem("teach show CASE", f"one of the {len(cases)} case ids (see teach list)",
                                     repr(args.case))])
        html = getattr(args, "format", "markdown") == "html"
        case = cases[args.case]
        print((handout.case_html if html else handout.case_markdown)(kb, case), end="")
        if args.answers:
            print("\n" + (handout.answer_key_html if html else handout.answer_key_markdown)(kb, case), end="")
        return 0
    lock_path = _lock_path(args.cases)
    if args.update:
        write_lock(lock_path, snapshot(kb, cases))
        print(f"wrote {lock_path} ({len(cases)} cases)")
        return 0
    problems = check_cases(kb, cases, read_lock(lock_path))
    if problems:
        raise CaseError(problems)
    n = sum(len(s.ask) for c in cases.values() for s in c.stages)
    print(f"ok: {len(cases)} cases, {sum(len(c.stages) for c in cases.values())} stages, {n} questions "
          "answered as in the snapshot")
    return 0
