"""The command line: the only module that reads files, writes files or exits.

Exit codes (also in ``pipeline --help``):

  0  success
  1  an unexpected internal error (run again with --traceback and report it)
  2  bad usage (unknown option, missing file)
  3  warnings were reported and --fail-on-warning was given
  4  a source file cannot be read (not UTF-8, empty, no document structure)
  5  the model is not valid Akoma Ntoso (a pipeline bug)
  6  a translated XLIFF file cannot be merged
  7  a writer failed on a valid model
  8  a program the pipeline needs is not installed
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import traceback
from pathlib import Path

import click

from . import read_source, write
from .diagnostics import Level, PipelineError, Reporter, format_all
from .reader import ReadOptions, SOURCE_SUFFIXES
from .writers import WRITERS, WriteOptions

EXIT_WARNINGS = 3


# ------------------------------------------------------------------- files

def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no reader ever sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def expand_sources(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; a directory gives its source files (raw text and AKN models), sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.is_file() and is_source_name(p.name)))
        elif path.exists():
            found.append(path)
        else:
            raise click.UsageError(f"{raw}: no such file or directory")
    return found


def is_source_name(name: str) -> bool:
    return name.endswith(".akn.xml") or Path(name).suffix in SOURCE_SUFFIXES


def source_stem(path: Path) -> str:
    name = path.name
    for suffix in (".akn.xml", *SOURCE_SUFFIXES):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def read_options_for(path: Path) -> ReadOptions:
    """Metadata overrides from a sidecar ``<stem>.meta.toml`` beside the source, if there is one."""
    sidecar = path.with_name(source_stem(path) + ".meta.toml")
    if sidecar.exists():
        return ReadOptions.from_toml(sidecar.read_bytes(), str(sidecar))
    return ReadOptions()


# ---------------------------------------------------------------- options

FORMATS = list(WRITERS)


def parse_formats(value: str) -> list[str]:
    if value == "all":
        return [f for f in FORMATS if f != "xliff"] + (["xliff"] if "xliff" in FORMATS else [])
    formats = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)} or all")
    return formats


def common_options(func):
    func = click.option("--traceback", is_flag=True, help="Show the Python traceback of an internal error.")(func)
    func = click.option("--diagnostics-json", type=click.Path(dir_okay=False),
                        help="Also write every diagnostic as JSON (pandoc's log keys) to this file.")(func)
    func = click.option("--fail-on-warning", is_flag=True, help="Exit with status 3 if any warning was reported.")(func)
    func = click.option("-q", "--quiet", is_flag=True, help="Print errors only.")(func)
    func = click.option("-v", "--verbose", is_flag=True,
                        help="Also print every repair the normalizer made (the INFO entries).")(func)
    return func


class Run:
    """State of one command: the diagnostics of every document, and how to print them."""

    def __init__(self, verbose: bool, quiet: bool, traceback_: bool) -> None:
        self.verbose, self.quiet, self.traceback = verbose, quiet, traceback_
        self.reporters: list[Reporter] = []
        self.failed = False

    def show(self, reporter: Reporter) -> None:
        self.reporters.append(reporter)
        level = Level.INFO if self.verbose else (Level.ERROR if self.quiet else Level.WARNING)
        shown = [d for d in reporter.sorted() if d.level >= level]
        if shown:
            click.echo(format_all(shown), err=True)

    def error(self, exc: BaseException) -> int:
        self.failed = True
        if isinstance(exc, PipelineError):
            click.echo(exc.format(), err=True)
            if self.traceback:
                traceback.print_exception(exc)
            return exc.exit_code
        if self.traceback:
            traceback.print_exception(exc)
        else:
            click.echo(f"error: internal error: {exc.__class__.__name__}: {exc}\n"
                       "  hint: run again with --traceback and report it", err=True)
        return 1

    def finish(self, fail_on_warning: bool, diagnostics_json: str | None, code: int = 0) -> None:
        warnings = sum(len(r.at_least(Level.WARNING)) for r in self.reporters)
        if diagnostics_json:
            import json
            merged = [d.as_json() for r in self.reporters for d in r.sorted()]
            atomic_write(Path(diagnostics_json),
                         json.dumps(merged, ensure_ascii=False, indent=1).encode() + b"\n")
        if code:
            sys.exit(code)
        if fail_on_warning and warnings:
            click.echo(f"{warnings} warning(s) reported; failing because of --fail-on-warning", err=True)
            sys.exit(EXIT_WARNINGS)


def summary_line(reporter: Reporter) -> str:
    counts: dict[str, int] = {}
    for d in reporter.diagnostics:
        if d.level == Level.INFO:
            counts[d.code] = counts.get(d.code, 0) + 1
    warnings = len([d for d in reporter.diagnostics if d.level >= Level.WARNING])
    repairs = ", ".join(f"{n} {code}" for code, n in sorted(counts.items()))
    return f"repairs: {repairs or 'none'}; {warnings} warning(s)"


# ---------------------------------------------------------------- commands

@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=__doc__.split("\n\n", 1)[1])
@click.version_option(package_name="un-pipeline")
def cli() -> None:
    """Publish UN documents: raw text → Akoma Ntoso → HTML, PDF, EPUB, XLIFF."""


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--to", "to", default="all", show_default=True,
              help=f"Formats, comma-separated: {', '.join(FORMATS)}, or all.")
@click.option("-o", "--output", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the outputs.")
@click.option("--target-lang", help="Target language of the XLIFF file (ar, zh, en, fr, ru, es).")
@click.option("--xliff-version", type=click.Choice(["2.1", "1.2"]), default="2.1", show_default=True)
@click.option("--page-size", default="A4", show_default=True, help="PDF page size (a CSS size: A4, letter).")
@common_options
def build(sources, to, output, target_lang, xliff_version, page_size, verbose, quiet,
          fail_on_warning, diagnostics_json, traceback):
    """Build SOURCES (files or folders) into every requested format.

    \b
    Example:
      pipeline build source/A_73_321-ZH.md --to akn,html -o output/
    """
    formats = parse_formats(to)
    if "xliff" in formats and not target_lang:
        if to == "all":
            formats.remove("xliff")
        else:
            raise click.UsageError("--to xliff needs --target-lang (for example --target-lang en)")
    run = Run(verbose, quiet, traceback)
    out_dir = Path(output)
    code = 0
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    for path in expand_sources(sources):
        reporter = Reporter()
        try:
            tree = read_source(path.read_bytes(), str(path), reporter, read_options_for(path))
            run.show(reporter)
            options = WriteOptions(page_size=page_size, target_language=target_lang,
                                   xliff_version=xliff_version,
                                   source_date_epoch=int(epoch) if epoch else None)
            for fmt in formats:
                data = write(tree, fmt, options)
                target = out_dir / WRITERS[fmt].output_name(source_stem(path), options)
                atomic_write(target, data)
                if not quiet:
                    click.echo(f"wrote {target}", err=True)
            if not quiet:
                click.echo(f"{path}: {summary_line(reporter)}", err=True)
        except PipelineError as exc:
            run.show(reporter)
            code = code or run.error(exc)
        except Exception as exc:  # an internal error: one message, never a traceback by default
            code = code or run.error(exc)
    run.finish(fail_on_warning, diagnostics_json, code)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@common_options
def check(sources, verbose, quiet, fail_on_warning, diagnostics_json, traceback):
    """Read SOURCES and print what was repaired (with -v) and what looks wrong; write nothing.

    \b
    Example:
      pipeline check -v --fail-on-warning source/A_73_321-ZH.md
    """
    run = Run(verbose, quiet, traceback)
    code = 0
    for path in expand_sources(sources):
        reporter = Reporter()
        try:
            read_source(path.read_bytes(), str(path), reporter, read_options_for(path))
            run.show(reporter)
            if not quiet:
                click.echo(f"{path}: {summary_line(reporter)}", err=True)
        except PipelineError as exc:
            run.show(reporter)
            code = code or run.error(exc)
        except Exception as exc:
            code = code or run.error(exc)
    run.finish(fail_on_warning, diagnostics_json, code)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="pipeline")
