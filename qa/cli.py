"""`review-qa` (also `python -m qa`). Exit codes as CONTRACT.md fixes them:
0 assessed; 1 with --strict when a check failed; 2 usage error; 3 an input could not be read.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .errors import InputError, QAError
from .settings import default_limits

EXIT_OK, EXIT_FAILED_CHECKS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit 2, as argparse does, without the long usage
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _add_limit_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input limits (defaults in lexicons/limits.yaml)")
    g.add_argument("--max-file-mb", type=float, help="refuse files larger than this")
    g.add_argument("--max-pages", type=int, help="refuse PDFs with more pages than this")
    g.add_argument("--max-part-mb", type=float, help="refuse DOCX parts that inflate past this")
    g.add_argument("--timeout", type=float, help="seconds allowed to read one document")


def _limits(args):
    return default_limits().with_overrides(
        max_file_mb=args.max_file_mb, max_pages=args.max_pages, max_part_mb=args.max_part_mb,
        timeout_seconds=args.timeout,
    )


def _iso_date(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="review-qa", description="Panel-style quality checks for rapid reviews and LCSPRs.")
    parser.add_argument("--version", action="version", version=f"review-qa {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="assess one or more reports")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--type", dest="report_type", default="auto",
                       choices=["auto", "rapid-review", "lcspr", "scr"], help="override report type detection")
    check.add_argument("--format", default="text", choices=["text", "json", "jsonl", "markdown"])
    check.add_argument("--output", metavar="FILE", help="write the report here instead of standard output")
    check.add_argument("--strict", action="store_true", help="exit 1 when any check fails")
    _add_limit_options(check)

    le = sub.add_parser("letter", help="write the Panel-style feedback letter for one report")
    le.add_argument("path", metavar="PATH")
    le.add_argument("--output", metavar="FILE.docx|FILE.md", help="write here (DOCX or Markdown by suffix); default: Markdown on standard output")
    le.add_argument("--type", dest="report_type", default="auto",
                    choices=["auto", "rapid-review", "lcspr", "scr"], help="override report type detection")
    le.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="date the letter (default: today)")
    _add_limit_options(le)

    ev = sub.add_parser("eval", help="score every detector against gold labels")
    ev.add_argument("directory", metavar="DIR")
    ev.add_argument("--split", default="all", choices=["all", "train", "dev", "test", "holdout"],
                    help="all = train+dev+test; holdout is sealed: measure it once, never tune on it")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")

    ba = sub.add_parser("batch", help="score an archive into SQLite (parallel, resumable)")
    ba.add_argument("paths", nargs="+", metavar="PATH")
    ba.add_argument("--out", required=True, metavar="FILE.sqlite")
    ba.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    ba.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per file")
    ba.add_argument("--csv", metavar="FILE", help="also export reports (FILE) and checks (FILE_checks)")

    tr = sub.add_parser("train", help="fit the classifiers from the corpus's train split into models/")
    tr.add_argument("--corpus", default=None, help="corpus directory (default: corpus_samples/)")
    tr.add_argument("--out", default=None, help="output directory (default: models/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "letter":
            return cmd_letter(args)
        if args.command == "eval":
            return cmd_eval(args)
        if args.command == "train":
            return cmd_train(args)
        if args.command == "batch":
            return cmd_batch(args)
    except QAError as exc:
        print(f"review-qa: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        print("review-qa: interrupted", file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _report_error(path: str, reason: str) -> None:
    print(f"{path}: {reason}", file=sys.stderr)


def _internal_error(path: str, exc: BaseException) -> None:
    if os.environ.get("REVIEW_QA_DEBUG"):
        traceback.print_exc()
    _report_error(path, f"internal error ({exc.__class__.__name__}); set REVIEW_QA_DEBUG=1 for details")


def cmd_check(args) -> int:
    from .engine import assess, normalise_report_type
    from .ingest import load_document
    from .report import render_markdown, render_text, to_dict

    limits = _limits(args)
    report_type = normalise_report_type(args.report_type)
    outputs: list[str] = []
    objects: list[dict] = []
    unreadable = False
    any_failed = False
    for path in args.paths:
        try:
            document = load_document(path, limits=limits)
            assessment = assess(document, report_type=report_type)
        except InputError as exc:
            _report_error(path, exc.reason)
            unreadable = True
            continue
        except Exception as exc:  # a bug must not cost the user the other files
            _internal_error(path, exc)
            unreadable = True
            continue
        any_failed = any_failed or any(c.status == "fail" for c in assessment.checks)
        if args.format == "text":
            outputs.append(render_text(assessment, source=path))
        elif args.format == "markdown":
            outputs.append(render_markdown(assessment, source=path))
        else:
            objects.append(to_dict(assessment, source=path))
    if args.format == "json":
        if objects:
            payload = objects[0] if len(args.paths) == 1 else objects
            outputs.append(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "jsonl":
        outputs.extend(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
    text = "\n".join(outputs) if args.format in ("text", "markdown") else "".join(outputs)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _report_error(args.output, f"could not write output ({exc.strerror or exc.__class__.__name__})")
            return EXIT_UNREADABLE
    elif text:
        sys.stdout.write(text)
    if unreadable:
        return EXIT_UNREADABLE
    if args.strict and any_failed:
        return EXIT_FAILED_CHECKS
    return EXIT_OK


LETTER_SUFFIXES = (".docx", ".md", ".markdown", ".txt")


def cmd_letter(args) -> int:
    from .engine import assess, normalise_report_type
    from .ingest import load_document
    from .letter import letter_docx, letter_markdown

    out = Path(args.output) if args.output else None
    if out is not None and out.suffix.lower() not in LETTER_SUFFIXES:
        _report_error(args.output, "the letter is written as .docx or .md: choose one of those suffixes")
        return EXIT_USAGE
    try:
        document = load_document(args.path, limits=_limits(args))
        assessment = assess(document, report_type=normalise_report_type(args.report_type))
    except InputError as exc:
        _report_error(args.path, exc.reason)
        return EXIT_UNREADABLE
    if out is None:
        sys.stdout.write(letter_markdown(assessment, args.date))
        return EXIT_OK
    try:
        if out.suffix.lower() == ".docx":
            out.write_bytes(letter_docx(assessment, args.date))
        else:
            out.write_text(letter_markdown(assessment, args.date), encoding="utf-8")
    except OSError as exc:
        _report_error(args.output, f"could not write the letter ({exc.strerror or exc.__class__.__name__})")
        return EXIT_UNREADABLE
    print(f"wrote {out}")
    return EXIT_OK


def cmd_eval(args) -> int:
    from .evaluate import evaluate, render_table, summary

    directory = Path(args.directory)
    if not directory.is_dir():
        _report_error(args.directory, "not a directory")
        return EXIT_USAGE
    try:
        result = summary(evaluate(directory, args.split))
    except ValueError as exc:
        _report_error(args.directory, str(exc))
        return EXIT_USAGE
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        sys.stdout.write(render_table(result))
    return EXIT_OK


def cmd_batch(args) -> int:
    from .batch import Batch, export_csv, share_failing

    batch = Batch(args.out, workers=args.workers, timeout=args.timeout)
    s = batch.run(args.paths)
    print(f"{s.total} files: {s.ok} assessed, {s.errors} errors, {s.skipped} already in {args.out}; "
          f"{s.seconds:.1f} s, {s.pages / s.seconds if s.seconds else 0:.1f} pages/s")
    for check_id, share in share_failing(batch.db):
        print(f"  {check_id:24} failing in {share:.0%} of assessed reports")
    for seconds, path in s.slowest[:3]:
        print(f"  slowest: {seconds:.2f} s  {path}")
    if args.csv:
        reports, checks = export_csv(batch.db, args.csv)
        print(f"  wrote {reports} and {checks}")
    return EXIT_OK


def cmd_train(args) -> int:
    from .train import train_all

    metas = train_all(Path(args.corpus) if args.corpus else None, Path(args.out) if args.out else None)
    for m in metas:
        dev, test = m["metrics"]["dev"], m["metrics"]["test"]
        print(f"{m['name']}: {m['train_examples']} training examples; dev accuracy {dev.get('accuracy')}, "
              f"macro F1 {dev.get('macro_f1')}; test accuracy {test.get('accuracy')}, macro F1 {test.get('macro_f1')}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
