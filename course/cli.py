"""The ``course`` command: a thin layer over the library for learners and tutors."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from . import __version__, build, data, lab, workspace
from .errors import CourseError
from .grading import report, tutor
from .grading.cohort import ProgressBar
from .paths import course_dir, default_workspace


def _start(args: argparse.Namespace) -> int:
    root = course_dir(args.course_dir)
    target = Path(args.workspace).resolve() if args.workspace else default_workspace()
    copied = workspace.prepare(root, target)
    lab.apply()
    print(
        f"Your workspace is {target} ({len(copied)} new file(s) copied; "
        "existing work is never replaced)."
    )
    if args.no_lab:
        return 0
    cmd = workspace.lab_command(target)
    print("Opening JupyterLab; press Ctrl+C twice in this window to stop it.")
    os.execv(cmd[0], cmd)
    return 0  # not reached


def _workload(args: argparse.Namespace) -> int:
    from . import workload

    root = course_dir(args.course_dir)
    if args.write:
        for module in workload.write(root):
            print(f"wrote the time and marks of source/{module}")
        return 0
    stale = workload.out_of_date(root)
    for line in stale:
        print(line)
    if stale:
        print("These headings no longer match their cells; run `course workload --write`.")
        return 1
    print("Every stated time and mark matches the cells.")
    return 0


def _data(args: argparse.Namespace) -> int:
    root = course_dir(args.course_dir)
    for path in data.write_all(root, args.seed):
        print(f"wrote {path.relative_to(root)}")
    return 0


def _build(args: argparse.Namespace) -> int:
    root = course_dir(args.course_dir)
    if not args.check:
        for module in build.build(root, args.modules or None):
            print(f"built release/{module}")
    stale = build.release_out_of_sync(root)
    if stale:
        print(
            "release/ is out of sync with source/ in: "
            + ", ".join(stale)
            + "; run `course build`.",
            file=sys.stderr,
        )
        return 1
    print("release/ is in sync with source/.")
    return 0


def _release(args: argparse.Namespace) -> int:
    from .grading import exchange

    root = course_dir(args.course_dir)
    where = exchange.release(root, args.module, force=args.force)
    print(f"Released {args.module} to the exchange" + (f" ({where})." if where else "."))
    return 0


def _collect(args: argparse.Namespace) -> int:
    root = course_dir(args.course_dir)
    if args.exchange:
        from .grading import exchange

        for line in exchange.collect(root, args.module).lines():
            print(line)
        return 0
    if not args.zip:
        raise CourseError(
            "Say where the submissions come from: --zip <LMS download> or "
            "--exchange (the hub's nbgrader exchange)."
        )
    for line in tutor.collect_zip(root, args.module, Path(args.zip)).lines():
        print(line)
    return 0


def _roster(args: argparse.Namespace) -> int:
    from .grading.lms import roster

    root = course_dir(args.course_dir)
    new, updated = roster.import_csv(root, Path(args.csv))
    print(
        f"Imported {len(new) + len(updated)} learner(s) into the roster "
        f"({len(new)} new, {len(updated)} updated)."
    )
    return 0


def _autograde(args: argparse.Namespace) -> int:
    root = course_dir(args.course_dir)
    if args.trust_submissions:
        print(
            "Warning: learners' code will run without isolation, as you, able to read and "
            "change the course folder and your files. Use this only for work you trust.",
            file=sys.stderr,
        )
    summary = tutor.autograde(
        root,
        args.module,
        jobs=args.jobs,
        force=args.force,
        trust=args.trust_submissions,
        progress=None if args.quiet else ProgressBar(),
        cluster=args.cluster,
    )
    for line in summary.lines():
        print(line)
    print(f"Per-learner logs: {root / 'logs' / 'autograde' / summary.module}")
    return 0


def _feedback(args: argparse.Namespace) -> int:
    root = course_dir(args.course_dir)
    named = [x.strip() for given in args.learner or [] for x in given.split(",") if x.strip()]
    zip_to = None
    if args.zip is not None:
        zip_to = Path(args.zip or f"{args.module}-feedback{'-' + args.lms if args.lms else ''}.zip")
    done = tutor.release_feedback(
        root, args.module, force=args.force, learners=named or None, zip_to=zip_to, lms=args.lms
    )
    for line in done.lines():
        print(line)
    print(f"Feedback pages are under {root / 'feedback'}")
    return 0


def _export(args: argparse.Namespace) -> int:
    root = course_dir(args.course_dir)
    if args.format != "csv":
        if args.summary:
            raise CourseError("The cohort summary comes with the csv export; leave out --summary.")
        done = tutor.export_for(
            root, args.format, Path(args.to), module=args.module, assignment_id=args.assignment_id
        )
        for line in done.lines():
            print(line)
        return 0
    if args.module or args.assignment_id:
        raise CourseError("The csv export holds every module; leave out --module.")
    rows = tutor.export(root, Path(args.to))
    print(f"Exported {len(rows)} grade(s) to {args.to}")
    if args.summary and rows:
        page = report.write_html(root, rows, Path(args.summary))
        print(f"Wrote the cohort summary (table and chart) to {page}")
    return 0


def _deadlines(args: argparse.Namespace) -> int:
    from .grading import deadlines
    from .paths import resolve_module

    root = course_dir(args.course_dir)
    for line in deadlines.lines(root, resolve_module(root, args.module)):
        print(line)
    return 0


def _check(args: argparse.Namespace) -> int:
    """Run a module's visible checks on the learner's notebook; exit 1 if any fails."""
    from . import selfcheck

    target = Path(args.workspace).resolve() if args.workspace else default_workspace()
    report = selfcheck.run(target, args.module, say=lambda line: print(line, flush=True))
    for line in report.lines():
        print(line)
    return 0 if all(f.passed for f in report.findings) else 1


def _submit(args: argparse.Namespace) -> int:
    """Check a module, then zip its notebook and reflections for the LMS upload."""
    from . import submit

    target = Path(args.workspace).resolve() if args.workspace else default_workspace()
    done = submit.submit(target, args.module, say=lambda line: print(line, flush=True))
    for line in submit.lines(done):
        print(line)
    return 0


def _progress(args: argparse.Namespace) -> int:
    """Print the learner's progress table."""
    from . import progress

    target = Path(args.workspace).resolve() if args.workspace else default_workspace()
    table = progress.rows(target)
    print(f"Your progress in {target}:")
    for line in progress.table_lines(table):
        print(line)
    print("Run `course check <module>` to update the checks passed.")
    return 0


def _portfolio(args: argparse.Namespace) -> int:
    """Export the development plan, self-ratings and reflections as one document."""
    from . import plan_export, portfolio

    target = Path(args.workspace).resolve() if args.workspace else default_workspace()
    read = portfolio.self_ratings(portfolio.gather(target))
    for problem in read.problems:
        print(f"Could not read {problem}", file=sys.stderr)
    if not args.export:
        print(f"{len(portfolio.latest(read.history))} self-rating item(s) found in {target}.")
        print("Add --export plan.html (or plan.pdf) to write them out with your plan.")
        return 0
    out = plan_export.export(target, Path(args.export))
    print(f"Wrote your development plan, self-ratings and reflections to {out}")
    return 0


def _site(args: argparse.Namespace) -> int:
    """Build the read-only website and check its links."""
    from . import site

    root = course_dir(args.course_dir)
    out = Path(args.out)
    print("Building the website: every module is run once to draw its charts (about a minute).")
    modules = site.build(root, out, hub_url=args.hub_url)
    problems = site.link_problems(out)
    for problem in problems:
        print(f"broken: {problem}", file=sys.stderr)
    print(f"Wrote the website of {len(modules)} modules; open {out / site.INDEX} in a browser.")
    return 1 if problems else 0


def _mark(args: argparse.Namespace) -> int:
    from .grading.marking import queue, server

    root = course_dir(args.course_dir)
    marker = args.marker or getpass.getuser()
    marking = queue.Marking(root, args.module, marker, second=args.second, margin=args.margin)
    if args.differences:
        for line in marking.difference_lines():
            print(line)
        return 0
    role = "second marker, blind to the first" if args.second else "first marker"
    print(f"Marking {marking.module} as {marker} ({role}); press Ctrl+C twice here to stop.")
    server.serve(
        root,
        marking.module,
        marker,
        second=args.second,
        margin=args.margin,
        port=args.port,
        open_browser=not args.no_browser,
    )
    return 0


def _fidelity(args: argparse.Namespace) -> int:
    from . import fidelity
    from .paths import seeds_dir

    root = course_dir(args.course_dir)
    findings = fidelity.check_course(root, seeds_dir())
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} passage(s) to fix: quote the seed exactly or use our own words.")
        return 1
    print(
        "Every attributed quotation is verbatim and no passage is copied without quotation marks."
    )
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = argparse.ArgumentParser(prog="course", description="System Leadership Lab.")
    p.add_argument("--course-dir", help="the course folder (default: this clone)")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("start", help="copy the course into your workspace and open JupyterLab")
    s.add_argument("--workspace", help="your workspace folder (default: ./workspace)")
    s.add_argument("--no-lab", action="store_true", help="prepare the workspace only")
    s.set_defaults(func=_start)

    s = sub.add_parser("check", help="run a module's checks on your notebook (a copy)")
    s.add_argument("module", help="the module, such as m01")
    s.add_argument("--workspace", help="your workspace folder (default: ./workspace)")
    s.set_defaults(func=_check)

    s = sub.add_parser(
        "submit", help="check a module, then zip its notebook and reflections for your LMS"
    )
    s.add_argument("module", help="the module, for example m01")
    s.add_argument("--workspace", help="your workspace folder (default: ./workspace)")
    s.set_defaults(func=_submit)

    s = sub.add_parser("progress", help="show checks passed and reflections done per module")
    s.add_argument("--workspace", help="your workspace folder (default: ./workspace)")
    s.set_defaults(func=_progress)

    s = sub.add_parser(
        "portfolio", help="export your development plan, self-ratings and reflections"
    )
    s.add_argument("--workspace", help="your workspace folder (default: ./workspace)")
    s.add_argument("--export", metavar="FILE", help="write plan.html or plan.pdf")
    s.set_defaults(func=_portfolio)

    s = sub.add_parser("data", help="regenerate the data sets and their dictionary")
    s.add_argument("--seed", type=int, default=data.SEED)
    s.set_defaults(func=_data)

    s = sub.add_parser("workload", help="check (or --write) each module's stated time and marks")
    s.add_argument("--write", action="store_true", help="write them into source/ from the cells")
    s.set_defaults(func=_workload)

    s = sub.add_parser("build", help="build release/ from source/ and check they are in sync")
    s.add_argument("modules", nargs="*", help="modules to build (default: all)")
    s.add_argument("--check", action="store_true", help="only check release/ is in sync")
    s.set_defaults(func=_build)

    s = sub.add_parser(
        "fidelity", help="check quotations are verbatim and nothing is copied from the seeds"
    )
    s.set_defaults(func=_fidelity)

    s = sub.add_parser("site", help="build a read-only website of the course and check its links")
    s.add_argument("--out", default="site", help="folder for the pages (default: site)")
    s.add_argument(
        "--hub-url",
        default=os.environ.get("COURSE_HUB_URL"),
        help="the course hub's address, for an 'open this module in JupyterLab' "
        "link on each module page (default: $COURSE_HUB_URL, else no link)",
    )
    s.set_defaults(func=_site)

    s = sub.add_parser("release", help="release a module to learners through the hub's exchange")
    s.add_argument("module")
    s.add_argument("--force", action="store_true", help="release again over an earlier release")
    s.set_defaults(func=_release)

    s = sub.add_parser("collect", help="collect submissions from an LMS zip or the exchange")
    s.add_argument("module")
    where = s.add_mutually_exclusive_group()
    where.add_argument("--zip", help="the zip file downloaded from the LMS")
    where.add_argument(
        "--exchange", action="store_true", help="collect from the hub's nbgrader exchange"
    )
    s.set_defaults(func=_collect)

    s = sub.add_parser("roster", help="import the learners (ids, names, LMS ids) from a CSV")
    roster_sub = s.add_subparsers(dest="roster_command", required=True)
    r = roster_sub.add_parser(
        "import",
        help="add or update learners from a CSV: id, first_name, last_name, "
        "email, lms_user_id (docs/collect.md)",
    )
    r.add_argument("csv", help="the roster CSV")
    r.set_defaults(func=_roster)

    s = sub.add_parser("autograde", help="autograde every new or changed submission")
    s.add_argument("module")
    s.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="learners graded at once (default: the number of cores)",
    )
    s.add_argument("--force", action="store_true", help="regrade every submission")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument(
        "--trust-submissions",
        action="store_true",
        help="grade without isolating learners' code (only where bubblewrap "
        "cannot run, and only for work you trust)",
    )
    s.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="grade on the workers of this Dask cluster (tcp://scheduler:8786) instead of "
        "--jobs processes here; see docs/scale.md",
    )
    s.set_defaults(func=_autograde)

    s = sub.add_parser(
        "feedback",
        help="write feedback for learners whose marking is finished and deadline has passed",
    )
    s.add_argument("module")
    s.add_argument(
        "--force", action="store_true", help="also learners whose manual marking is not finished"
    )
    s.add_argument(
        "--learner",
        action="append",
        metavar="ID",
        help="only these learners, marked or not (repeat, or give ada,ben)",
    )
    s.add_argument(
        "--zip",
        nargs="?",
        const="",
        metavar="FILE",
        help="also pack the feedback in a zip for the LMS's feedback upload "
        "(default: <module>-feedback[-<lms>].zip here)",
    )
    s.add_argument(
        "--lms",
        choices=["moodle", "canvas", "blackboard"],
        help="name the zip's files for this LMS (default: the LMS the work was collected from)",
    )
    s.set_defaults(func=_feedback)

    s = sub.add_parser("export", help="export grades to a CSV file, or one your LMS imports")
    s.add_argument("--to", default="grades.csv")
    s.add_argument(
        "--format",
        choices=["csv", "moodle", "canvas"],
        default="csv",
        help="csv (every grade, nbgrader's columns), moodle (an assignment's grading "
        "worksheet) or canvas (a Gradebook import); see docs/grades.md",
    )
    s.add_argument("--module", help="one module (needed for moodle)")
    s.add_argument(
        "--assignment-id",
        help="with --format canvas and --module: the Canvas assignment's id, so the column "
        "goes to that assignment",
    )
    s.add_argument("--summary", help="also write a cohort summary page (HTML) here")
    s.set_defaults(func=_export)

    s = sub.add_parser(
        "deadlines", help="show a module's deadline, late penalty and extensions (deadlines.yml)"
    )
    s.add_argument("module")
    s.set_defaults(func=_deadlines)

    s = sub.add_parser(
        "mark", help="mark one question across every learner in the browser (docs/marking.md)"
    )
    s.add_argument("module")
    s.add_argument("--marker", help="your name, kept with every mark (default: your login)")
    s.add_argument(
        "--second", action="store_true", help="mark as the second marker, blind to the first"
    )
    s.add_argument(
        "--margin",
        type=float,
        default=1.0,
        help="list answers whose two marks differ by more than this (default: 1)",
    )
    s.add_argument("--port", type=int, help="the port to serve the page on (default: any free)")
    s.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    s.add_argument(
        "--differences",
        action="store_true",
        help="list where the first and second markers differ by more than --margin, and stop",
    )
    s.set_defaults(func=_mark)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command; a problem the user can fix is one line on stderr and exit code 2."""
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except CourseError as exc:
        print(f"course: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
