"""The command line: the only module that reads files, writes files or exits.

Exit codes:

  0  success
  1  an unexpected internal error (run again with --traceback and report it)
  2  bad usage (unknown option, missing file, no source found in the folders given)
  3  warnings were reported and --fail-on-warning was given
  4  a source file cannot be read (not UTF-8, empty, no document structure, a kind of file the
     pipeline does not read, XML that is not Akoma Ntoso, Akoma Ntoso that is not valid)
  5  the model a reader made is not valid Akoma Ntoso (a pipeline bug)
  6  a translated XLIFF file cannot be merged
  7  a writer failed on a valid model
  8  a program the pipeline needs is not installed
  9  merge, qa: units were kept out of the translation (stale, untranslated, a copy of the
     source, codes deleted or invented, code markup typed as text): the merged document
     is written with their source text, and is not ready to publish
 10  merge, qa: translations to review (not in the target language, state below
     --min-state, links reordered, a target equal to the source): merged, flagged
     (the worst finding decides: 6 before 9 before 10 before 3)
 11  the Dask cluster cannot build: no scheduler, no worker, or none with this machine's environment
 12  build: the output folder cannot take the outputs (a file, read-only, a folder named
     like an output, disk full)
130  interrupted (Ctrl-C): finished outputs are whole, the others untouched
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import re
import sys
import traceback
from pathlib import Path

import click

from . import read_source, write
from .diagnostics import Diagnostic, Level, PipelineError, Reporter, format_all
from .names import SOURCE_SUFFIXES, keeps_name, name_carries_symbol, symbol_in_name, symbol_key, un_xml_stem
from .readers import READABLE, detect
from .writers import WRITERS, WriteOptions

EXIT_WARNINGS = 3


def atomic_write(path: Path, data: bytes) -> None:
    """``files.atomic_write``, imported at the first write: ``files`` brings the build cache's
    machinery (``build``, 15–25 ms of imports), which ``pipeline check`` never uses."""
    from .files import atomic_write as write
    write(path, data)


# ------------------------------------------------------------------- files

@dataclasses.dataclass(frozen=True)
class Skipped:
    """A file of a source folder that is not a document, and why."""

    path: Path
    why: str

    def line(self) -> str:
        hint = (f"\n  hint: the pipeline reads {READABLE}" if self.why == NOT_READABLE else
                "\n  hint: name it on the command line to read it all the same" if self.why == NOT_A_DOCUMENT else "")
        return f"{self.path}: warning: {self.why}; skipped [source-skipped]{hint}"


NOT_READABLE = "not a source the pipeline reads"
NOT_A_DOCUMENT = ("text without the form of a UN document (no masthead, symbol, numbered paragraph or "
                  "chapter heading)")


def expand_sources(paths: tuple[str, ...], skipped: list[Skipped] | None = None) -> list[Path]:
    """Files as given; a directory gives its source files (PDF, raw text, the UN's XML, our AKN
    models, told by content as well as by name), sorted.  A directory's other files are skipped
    and listed, never silently: added to ``skipped`` (``build`` lists them in its summary), or
    printed at once (a warning naming each and why).  What a folder holds beside its documents
    is skipped: files of other kinds, hidden files (``.gitkeep``), a project's own files
    (``README.md``, ``LICENSE``) and ``.md``/``.txt`` text without a document's form
    (:func:`readers.looks_like_document`); a file named on the command line is always read.
    No source at all is an error (exit 2), never a build of nothing."""
    found: list[Path] = []
    here: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.iterdir()):
                if not p.is_file() or p.name.endswith(SIDECAR_SUFFIX):
                    continue
                why = why_not_a_source(p)
                if why:
                    here.append(Skipped(p, why))
                else:
                    found.append(p)
        elif path.exists():
            found.append(path)
        else:
            raise click.UsageError(f"{raw}: no such file or directory")
    if skipped is not None:
        skipped.extend(here)
    else:
        for item in here:
            click.echo(item.line(), err=True)
    if not found:
        where = ", ".join(paths)
        raise click.UsageError(f"no source found in {where}: the pipeline reads {READABLE}")
    return found


#: A source's metadata sidecar: ``<stem>.meta.toml`` beside it.
SIDECAR_SUFFIX = ".meta.toml"

#: Name suffixes of sources, longest first (compared without case).
NAME_SUFFIXES = (".akn.xml", ".xml", ".pdf", *SOURCE_SUFFIXES)


#: A project's own files, found beside sources in a downloaded or versioned folder: not documents
#: whatever their suffix (``README.md``, ``LICENSE.txt``, ``CHANGELOG.md``, ``COPYING``).
PROJECT_FILE = re.compile(r"(?i)^(readme|licen[cs]e|copying|changelog|changes|history|news|contributing|"
                          r"contributors|authors|notice|code_of_conduct|security|citation|todo)([._-].*)?$")


def why_not_a_source(path: Path) -> str | None:
    """Why a file found in a source folder is not a source (None when it is one): told by its
    name first (hidden, a project file), then by its bytes (a PDF or XML file is a source
    whatever its name; text only in a ``.txt``/``.md`` file that looks like a document)."""
    from .readers import looks_like_document
    if path.name.startswith("."):
        return "a hidden file, not a document"
    if PROJECT_FILE.match(path.name):
        return "a project file (README, licence, change log …), not a document"
    try:
        data = path.read_bytes()     # all of it: a Word file is told by its zip's directory, at the end
    except OSError:
        return None          # reading it will say what is wrong, with its name
    kind = detect(data, path.name)
    if kind is None:
        return NOT_READABLE
    if kind == "text" and not looks_like_document(data):
        return NOT_A_DOCUMENT
    return None


def _name_stem(path: Path) -> str:
    """The file name without its source suffix: ``A_RES_78_128-2325871E.xml`` → ``A_RES_78_128-2325871E``."""
    name = path.name
    for suffix in NAME_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def source_stem(path: Path) -> str:
    """The stem of a source's outputs: the file name without its suffix, except that the UN's
    XML names become ours (``A_RES_78_128-2325871E.xml`` → ``A_RES_78_128-EN``: the job number
    is not part of the document's identity, the language letter is its language)."""
    stem = _name_stem(path)
    return un_xml_stem(stem) or stem


def sidecar_path(path: Path) -> Path:
    """``<name without its suffix>.meta.toml`` beside the source."""
    return path.with_name(_name_stem(path) + SIDECAR_SUFFIX)


def read_options_for(path: Path) -> ReadOptions:
    """Metadata overrides from a sidecar ``<stem>.meta.toml`` beside the source, if there is one."""
    from .readers.text import ReadOptions
    sidecar = sidecar_path(path)
    if sidecar.exists():
        return ReadOptions.from_toml(sidecar.read_bytes(), str(sidecar))
    return ReadOptions()


# ---------------------------------------------------------------- options

FORMATS = list(WRITERS)


def parse_size(text: str) -> int:
    """Bytes of a size such as ``500M``, ``2G``, ``1.5GiB`` or ``0`` (binary units)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.I)
    if not match:
        raise click.BadParameter(f"{text!r} is not a size: write it as 500M, 2G or 0",
                                 param_hint="--cache-max-size")
    return int(float(match[1]) * 1024 ** " KMGT".index(match[2].upper() or " "))


def parse_formats(value: str) -> list[str]:
    if value == "all":
        return [f for f in FORMATS if f != "xliff"] + (["xliff"] if "xliff" in FORMATS else [])
    formats = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)} or all")
    return formats


def parse_target_languages(value: str) -> list[str]:
    """``en``, ``en,fr`` or ``all`` (the six official languages; a document's own is left out)."""
    from .languages import LANGUAGES, UnknownLanguage, language
    if value.strip() == "all":
        return sorted(LANGUAGES)
    try:
        return [language(code).code for code in value.split(",") if code.strip()]
    except UnknownLanguage as exc:
        raise click.BadParameter(str(exc), param_hint="--target-lang") from None


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
            click.echo(listing(shown), err=True)

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


#: Diagnostics listed one line per page: what a page's furniture was (a 56-page report has three
#: pieces on every page), where one line each would bury the rest of the listing.
PER_PAGE = {"furniture-dropped": ("page furniture dropped", " dropped")}


def listing(diagnostics: list[Diagnostic]) -> str:
    """The diagnostics as printed, in source order: one GCC-style line each, except that those of
    :data:`PER_PAGE` on one page are one line, at the first one's position, each piece with its line."""
    pages: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in diagnostics:
        if d.code in PER_PAGE and d.pos is not None and "#page=" in d.pos.path:
            pages.setdefault((d.code, d.pos.path), []).append(d)
    lines: list[str] = []
    for d in diagnostics:
        group = pages.get((d.code, d.pos.path)) if d.code in PER_PAGE and d.pos is not None else None
        if group is None:
            lines.append(d.format())
        elif group[0] is d:
            title, suffix = PER_PAGE[d.code]
            lines.append(f"{d.pos}: {d.level.name.lower()}: {title}: {'; '.join(_pieces(group, suffix))} [{d.code}]")
    return "\n".join(lines)


def _pieces(group: list[Diagnostic], suffix: str) -> list[str]:
    """``running head “A/79/352” (line 1)``; three lines or more of one kind in a row (a table of
    contents) as ``table of contents: 37 lines (2–38)``."""
    runs: list[list[tuple[str, Diagnostic]]] = []
    for g in group:
        kind = g.message.split(" “", 1)[0]
        if runs and runs[-1][0][0] == kind:
            runs[-1].append((kind, g))
        else:
            runs.append([(kind, g)])
    out = []
    for run in runs:
        if len(run) >= 3:
            out.append(f"{run[0][0]}: {len(run)} lines ({run[0][1].pos.line}–{run[-1][1].pos.line})")
        else:
            out += [f"{g.message.removesuffix(suffix)} (line {g.pos.line})" for _, g in run]
    return out


def summary_line(reporter: Reporter) -> str:
    counts: dict[str, int] = {}
    for d in reporter.diagnostics:
        if d.level == Level.INFO:
            counts[d.code] = counts.get(d.code, 0) + 1
    warnings = len([d for d in reporter.diagnostics if d.level >= Level.WARNING])
    repairs = ", ".join(f"{n} {code}" for code, n in sorted(counts.items()))
    return f"repairs: {repairs or 'none'}; {warnings} warning(s)"


# ---------------------------------------------------------------- commands

@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=__doc__.split("\n\n", 1)[1].replace("\n\n", "\n\n\b\n", 1))
@click.version_option(package_name="un-pipeline")
def cli() -> None:
    """Publish UN documents: raw text → Akoma Ntoso → HTML, PDF, EPUB, XLIFF."""


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--from-list", "from_list", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
              help="Also build the sources (files or folders) listed in FILE, one path a line ('-': standard "
                   "input; blank lines and lines starting with # are skipped); read as the build goes.")
@click.option("--to", "to", default="all", show_default=True,
              help=f"Formats, comma-separated: {', '.join(FORMATS)}, or all.")
@click.option("-o", "--output", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the outputs, manifest.json and SHA256SUMS.")
@click.option("--target-lang", help="Target language(s) of the XLIFF files: en, or en,fr, or all (every "
                                    "official language but the document's own).")
@click.option("--xliff-version", type=click.Choice(["2.1", "1.2"]), default="2.1", show_default=True)
@click.option("--xliff-profile", type=click.Choice(["standard", "omegat", "trados"]), default="standard",
              show_default=True, help="XLIFF for a tool: omegat (1.2, targets hold the source, as OmegaT 3 "
                                      "needs), trados (1.2 for Trados Studio and memoQ, segmented empty targets).")
@click.option("--tm", "tm_path", type=click.Path(exists=True, dir_okay=False), metavar="TMX",
              help="Pre-translate the XLIFF from this TMX: exact matches fill targets, fuzzy ones are candidates.")
@click.option("--page-size", default="A4", show_default=True, callback=lambda ctx, param, value: check_page_size(value),
              help="PDF page size (a CSS size: A4, letter, 'A4 landscape', '210mm 297mm').")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes building documents (and formats) in parallel; default: the number of cores.")
@click.option("--force", is_flag=True, help="Rebuild every output, even those the cache holds.")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Build cache folder; default: $PIPELINE_CACHE_DIR, else ~/.cache/un-pipeline.")
@click.option("--cache", "cache_url", metavar="URL",
              help="Build cache as a folder or an fsspec URL shared between machines (file:///srv/cache, "
                   "s3://bucket/un-cache, memory://…); replaces --cache-dir.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Build on a Dask cluster: tcp://HOST:8786 (a running dask scheduler), or local:N (a "
                   "LocalCluster of N worker processes on this machine). Outputs are written here.")
@click.option("--cache-max-size", metavar="SIZE", envvar="PIPELINE_CACHE_MAX_SIZE", default="2G",
              show_default=True,
              help="After a build that added to the cache, delete the least recently used entries "
                   "until it is no larger (500M, 2G, 0 for no limit; $PIPELINE_CACHE_MAX_SIZE).")
@click.option("--bilingual", metavar="SOURCE", type=click.Path(exists=True, dir_okay=False),
              help="Write only side-by-side pages (html, pdf among --to) of each translated model "
                   "(from pipeline merge) with SOURCE, the document it was translated from.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the result (every output, its status and SHA-256) as JSON on standard output.")
@common_options
def build(sources, from_list, to, output, target_lang, xliff_version, xliff_profile, tm_path, page_size, jobs, force,
          cache_dir, cache_url, scheduler, cache_max_size, bilingual, as_json, verbose, quiet, fail_on_warning,
          diagnostics_json, traceback):
    """Build SOURCES (files or folders) into every requested format, in parallel, rebuilding only what changed.

    Writes OUTPUT/manifest.json (every output with its SHA-256, size, format, language, source,
    and the versions of the tools) and OUTPUT/SHA256SUMS (check with: cd OUTPUT && sha256sum -c SHA256SUMS);
    both are updated after each finished output, and list what earlier builds put in OUTPUT too.
    Set SOURCE_DATE_EPOCH for byte-reproducible outputs: it sets every date embedded in them.

    \b
    Example:
      pipeline build source/ -o output/
      SOURCE_DATE_EPOCH=1533600000 pipeline build source/A_73_321-ZH.md --to akn,html -j 2 --json
      pipeline build --from-list files.txt -o site/ --scheduler tcp://scheduler:8786 --cache s3://bucket/un-cache
    """
    from . import build as build_logic
    from .files import Release, default_cache_dir, environment
    from .fscache import is_url, open_cache

    if not sources and not from_list:
        raise click.UsageError("Missing argument 'SOURCES...' (or --from-list FILE).")
    if scheduler and jobs:
        raise click.UsageError("-j sets the local processes; with --scheduler the cluster's workers build "
                               "(local:N for N local workers)")
    formats = parse_formats(to)
    max_cache = parse_size(cache_max_size)
    if bilingual:
        formats = [f for f in formats if f in ("html", "pdf")]
        if not formats:
            raise click.UsageError("--bilingual writes html and pdf pages: use --to html,pdf")
        target_lang = None
    elif "xliff" in formats and not target_lang:
        if to == "all":
            formats.remove("xliff")
            if not quiet:
                click.echo("note: no XLIFF file: it needs --target-lang (for example --target-lang en)", err=True)
        else:
            raise click.UsageError("--to xliff needs --target-lang (for example --target-lang en)")
    epoch = (os.environ.get("SOURCE_DATE_EPOCH") or "").strip() or None
    if epoch is not None and not epoch.isdigit():
        raise click.UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970-01-01")
    targets = parse_target_languages(target_lang) if target_lang else None
    options = WriteOptions(page_size=page_size, target_language=targets[0] if targets else None,
                           xliff_version=xliff_version, source_date_epoch=int(epoch) if epoch else None,
                           xliff_profile=xliff_profile,
                           translation_memory=Path(tm_path).read_bytes() if tm_path else None)
    run = Run(verbose, quiet, traceback)
    out_dir = Path(output)
    code = 0
    cache_spec = cache_url or cache_dir or str(default_cache_dir())
    try:
        # The tool versions are remembered in a local folder, whatever the cache is.
        env = environment(default_cache_dir() if is_url(cache_spec) else Path(cache_spec))
        parallel = load_source(Path(bilingual)) if bilingual else None
    except PipelineError as exc:
        run.finish(fail_on_warning, diagnostics_json, run.error(exc))
        return
    cache = open_cache(cache_spec)
    source_names: list[str] = []
    owners: dict[str, str] = {}
    seen: dict[object, Seen] = {}      # output stem, and (symbol, language) → the source that has it
    keys: set[str] = set()
    skipped: list[Skipped] = []

    # The digest of what reading a source depends on (code, tools): the key of what identify() found.
    import json
    reading = build_logic.sha256(json.dumps(build_logic.format_inputs(env, "akn"), sort_keys=True).encode())

    refused: list[PipelineError] = []   # sources of a later batch that could not be built at all

    def planned():
        """Each batch of sources read from the disk, identified, checked and planned into jobs.

        A source the first batch cannot take (unreadable, the same document as another, an
        output name another source has) stops the build before anything is written.  Once
        outputs are being written, the same problem in a later batch refuses that source alone:
        the others are built, the folder's manifest lists what it holds, and the build ends
        with the error (exit 4)."""
        for number, batch in enumerate(batched(iter_source_paths(sources, from_list, out_dir, skipped),
                                                SOURCES_PER_BATCH)):
            yield plan_batch(batch, None if number == 0 else refused)

    by_symbol: dict[str, list[Seen]] = {}    # symbol (as spellings compare) → the sources that have it

    def with_language(source, others: list[Seen]):
        """``source``, and the earlier sources of its symbol, with their languages read: a build
        that did not need them (no XLIFF, names that tell the symbol) still finds one document
        twice when the copy comes in a later batch under another name."""
        for index, other in enumerate(others):
            if other.language is None:
                again = identify(load_source(Path(other.name)), reading, cache, options.source_date_epoch,
                                 keys, True)
                others[index] = other = dataclasses.replace(other, language=again.language)
                if other.language:
                    seen.setdefault((symbol_key(other.symbol), other.language), other)
        if source.language is None:
            source = identify(source, reading, cache, options.source_date_epoch, keys, True)
        return source

    def plan_batch(batch, refusals: list | None):
        """The jobs of a batch; a source that cannot be built raises, or with ``refusals`` is
        left out and its error appended there."""
        def refuse(exc):
            if refusals is None:
                raise exc
            refusals.append(exc)

        loaded = []
        for path in batch:
            try:
                loaded.append(load_source(path))
            except PipelineError as exc:
                refuse(exc)
        # The language of every source is needed for XLIFF targets and language links, and
        # to find two files of one document when one of them is named by its symbol alone.
        several = len(batch) > 1 or bool(seen)
        need_language = "xliff" in formats or several and (
            "html" in formats or any(not keeps_name(source.name) for source in loaded))
        source_list = [identify(source, reading, cache, options.source_date_epoch, keys, need_language)
                       for source in loaded]
        del loaded
        accepted = []
        for source in source_list:
            symbol = source.symbol or symbol_in_name(source.name)
            if symbol and any(other.language is None or source.language is None
                              for other in by_symbol.get(symbol_key(symbol), [])):
                source = with_language(source, by_symbol[symbol_key(symbol)])
            this = Seen(source.name, symbol, source.language, source.stem)
            keys_of = [source.stem] + ([(symbol_key(symbol), source.language)]
                                       if symbol and source.language else [])
            other = next((seen[key] for key in keys_of if seen.get(key, this) != this), None)
            if other is not None:
                refuse(same_document_error(other, this))
                continue
            seen.update(dict.fromkeys(keys_of, this))
            if symbol:
                by_symbol.setdefault(symbol_key(symbol), []).append(this)
            accepted.append(source)
        job_list = build_logic.plan(accepted, formats, options, env, targets, parallel)
        for job in list(job_list):
            if job.source.name not in {source.name for source in accepted}:
                continue      # already refused for another of its outputs
            if owners.get(job.output, job.source.name) != job.source.name:
                refuse(PipelineError(f"{job.source.name} and {owners[job.output]} would both write "
                                     f"{job.output}", "rename one of them, or build them into different folders"))
            elif (out_dir / job.output).resolve() == Path(job.source.name).resolve():
                refuse(PipelineError(f"building {job.source.name} into {out_dir} would overwrite it "
                                     f"with its own {job.fmt} output",
                                     "build it into another folder (-o), or copy the edited file elsewhere"))
            else:
                continue
            accepted = [source for source in accepted if source.name != job.source.name]
            job_list = [other for other in job_list if other.source.name != job.source.name]
        owners.update({job.output: job.source.name for job in job_list})
        source_names.extend(source.name for source in accepted)
        return job_list

    # The first batch is read and planned before the output folder is made: a build that fails on
    # its input (no source, a file it cannot read, two files of one document) writes nothing.
    batches = planned()
    try:
        first = next(batches, None)
        release = Release(out_dir)
    except PipelineError as exc:
        run.finish(fail_on_warning, diagnostics_json, run.error(exc))
        return
    except KeyboardInterrupt:
        click.echo("interrupted while reading the sources: nothing was written", err=True)
        sys.exit(130)
    release.set_header(env.tools, options.source_date_epoch)
    for problem in release.problems:
        click.echo(f"warning: {problem}", err=True)
    progress = BuildProgress(0, quiet or as_json, out_dir)
    rows: dict[str, dict] = {}
    diagnostics: dict[str, list] = {}
    errors: dict[str, list[str]] = {}

    def record(job, status, data, data_sha, size, seconds, language, diags, error=None):
        diagnostics.setdefault(job.source.name, diags)
        rows[job.output] = {"path": job.output, "format": job.fmt, "source": job.source.name,
                            "status": status, "sha256": data_sha, "size": size, "seconds": seconds}
        if error:
            if error not in errors.setdefault(job.source.name, []):
                errors[job.source.name].append(error)
        else:
            release.write_output(build_logic.Artifact(
                job.output, job.fmt, build_logic.artifact_language(job, language),
                manifest_path(job.source.name), data_sha, size), data)
        progress.advance(job.output, status, seconds)

    def to_build():
        """The jobs the cache cannot give, a batch of sources at a time (read, planned, looked up)."""
        import itertools
        for job_list in itertools.chain([first] if first is not None else [], batches):
            keys.update(key for job in job_list for key in (job.key, job.page_map_key) if key)
            progress.expect(len(job_list))
            todo = []
            for job in job_list:
                meta = None if force else cache.meta(job.key)
                if meta is not None:
                    data = None
                    status = "up to date"
                    if file_sha256(release.target(job.output)) != meta["sha256"]:
                        data = cache.data(job.key, meta)
                        if data is None:
                            todo.append(job)
                            continue
                        status = "from cache"
                    cache.touch(job.key)
                    size = len(data) if data is not None else release.target(job.output).stat().st_size
                    record(job, status, data, meta["sha256"], size, None, meta.get("language"),
                           build_logic.diagnostics_from_json(meta.get("diagnostics", [])))
                else:
                    todo.append(job)
            yield [with_cached_page_map(job, cache, force) for job in todo]

    results = (pair for pair in ())
    try:
        if scheduler:
            from . import cluster
            results = cluster.run_jobs(scheduler, to_build(), options, formats, traceback,
                                       cluster.flat_environment(env), warn=lambda line: click.echo(line, err=True))
        else:
            results = (pair for todo in to_build() for pair in run_jobs(todo, options, jobs, traceback))
        with contextlib.closing(results):   # on Ctrl-C too: the cluster's queued tasks are cancelled
            for job, result in results:
                if result.page_map is not None and job.page_map_key:
                    cache.put(job.page_map_key, result.page_map,
                              {"size": len(result.page_map), "output": job.source.stem + ".page-map.json"})
                if not result.ok:
                    code = code or result.exit_code
                    record(job, "failed", None, None, None, result.seconds, result.language, result.diagnostics,
                           result.error)
                    continue
                data_sha = build_logic.sha256(result.data)
                record(job, "built", result.data, data_sha, len(result.data), result.seconds, result.language,
                       result.diagnostics)
                cache.put(job.key, result.data, {
                    "size": len(result.data), "language": result.language, "output": job.output,
                    "diagnostics": build_logic.diagnostics_to_json(result.diagnostics)})
    except KeyboardInterrupt:
        results.close()
        progress.close()
        done = sum(1 for r in rows.values() if r["status"] != "failed")
        click.echo(f"interrupted: {done} of {progress.total} outputs are complete and listed in "
                   f"{out_dir / build_logic.MANIFEST}; the others were not written (earlier versions are "
                   "intact)", err=True)
        sys.exit(130)
    except PipelineError as exc:     # a source, the output folder (full, read-only …), the cluster
        results.close()
        progress.close()
        run.finish(fail_on_warning, diagnostics_json, run.error(exc))
        return
    progress.close()
    for path in dict.fromkeys(getattr(cache, "damaged", [])):
        click.echo(f"warning: {path}: a damaged cache entry; its output was built again", err=True)
    write_error = getattr(cache, "write_error", None)
    if write_error and not quiet:
        click.echo(f"warning: the cache could not be written ({write_error}); the outputs are whole, "
                   "but the next build will redo them", err=True)
    if max_cache and any(r["status"] == "built" for r in rows.values()) and not write_error:
        removed, freed = cache.prune(max_cache, keep=keys)
        if removed and verbose:
            click.echo(f"cache: deleted the {removed} least recently used entries "
                       f"({freed / 2**20:.1f} MiB) to stay within {cache_max_size}", err=True)
    for name in source_names:
        reporter = Reporter()
        reporter.diagnostics.extend(diagnostics.get(name, []))
        run.show(reporter)
        for error in errors.get(name, []):
            run.failed = True
            click.echo(error, err=True)
    for exc in refused:
        code = code or exc.exit_code
        run.error(exc)
    if refused and not quiet:
        click.echo(f"{len(refused)} source(s) refused after the first {SOURCES_PER_BATCH} (above): the others "
                   "were built; build the refused ones once the cause is fixed", err=True)
    try:
        release.write_manifest()     # the header (tool versions) of a build that only found up-to-date files
    except PipelineError as exc:
        code = code or run.error(exc)
    if code and not quiet:
        failed = sum(1 for r in rows.values() if r["status"] == "failed")
        click.echo(f"{failed} output(s) failed: their earlier versions, if any, are kept; "
                   f"{out_dir / build_logic.MANIFEST} lists what the folder holds", err=True)
    if as_json:
        import json
        click.echo(json.dumps({"output": str(out_dir), "ok": not code, "exit_code": code,
                               "outputs": sorted(rows.values(), key=lambda r: r["path"]),
                               "skipped": [{"path": str(item.path), "why": item.why} for item in skipped],
                               "manifest": str(out_dir / build_logic.MANIFEST)},
                              ensure_ascii=False, indent=1))
    elif not quiet:
        click.echo(build_logic.summary_table(list(rows.values())), err=True)
    if skipped and not quiet:
        click.echo(f"{len(skipped)} file(s) skipped, not documents:", err=True)
        for item in skipped:
            click.echo(item.line(), err=True)
    run.finish(fail_on_warning, diagnostics_json, code)


def check_page_size(value: str) -> str:
    """``--page-size``: refused at the option when it is not a CSS page size (it goes into CSS)."""
    from .writers import page_size_problem
    problem = page_size_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


#: Sources read, planned and looked up in the cache at a time: what bounds the coordinator's
#: memory on a batch of tens of thousands (their bytes are held only until their jobs are done).
SOURCES_PER_BATCH = 512


def batched(items, n: int):
    """Lists of up to ``n`` items of an iterable, taken as they come."""
    import itertools
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, n)):
        yield batch


def iter_source_paths(sources: tuple[str, ...], from_list: str | None, output: Path,
                      skipped: list[Skipped] | None = None):
    """The source files of SOURCES, then of the paths listed in ``from_list`` (read line by line),
    as they are found: a folder gives those of its whole tree (see :func:`walk_sources`); the
    files it skips go to ``skipped``."""
    from .diagnostics import SourceError, SourcePos
    for raw in sources:
        yield from walk_sources(raw, output, skipped)
    if not from_list:
        return
    listed = 0
    with click.open_file(from_list, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if not Path(entry).exists():
                raise SourceError(f"{entry}: no such file or directory", SourcePos(from_list, number, 1),
                                  "correct the list, or remove the line")
            try:
                found = list(walk_sources(entry, output, skipped))
            except click.UsageError as exc:   # a listed folder with no source in it
                raise SourceError(exc.message, SourcePos(from_list, number, 1),
                                  "correct the list, or remove the line") from None
            listed += len(found)
            yield from found
    if not listed and not sources:
        raise click.UsageError(f"no source found in {from_list}: the pipeline reads {READABLE}")


def walk_sources(raw: str, output: Path, skipped: list[Skipped] | None = None):
    """A file as given; a folder's sources (:func:`expand_sources`), then those of its subfolders in
    name order, leaving out hidden folders and the output folder."""
    path = Path(raw)
    if not path.is_dir():
        yield from expand_sources((raw,), skipped)
        return
    out = output.resolve()
    found = False
    for folder, subfolders, _files in os.walk(path):
        subfolders[:] = sorted(d for d in subfolders
                               if not d.startswith(".") and (Path(folder) / d).resolve() != out)
        try:
            sources = expand_sources((folder,), skipped)
        except click.UsageError:   # a folder of folders, without a source of its own
            continue
        found = found or bool(sources)
        yield from sources
    if not found:
        expand_sources((raw,))     # says so as it says it for one folder (a usage error)


def with_cached_page_map(job, cache, force: bool):
    """An EPUB job with the PDF edition's page map from the cache when it has one (no layout then)."""
    import dataclasses
    if job.fmt != "epub" or not job.page_map_key or force:
        return job
    meta = cache.meta(job.page_map_key)
    data = cache.data(job.page_map_key, meta) if meta is not None else None
    return dataclasses.replace(job, page_map=data) if data is not None else job


def manifest_path(name: str) -> str:
    """A source as the manifest records it: relative to the folder the build runs in, in
    POSIX form, however it was typed (``./source/x.md``, ``/abs/…/source/x.md``, ``source//x.md``),
    so that the manifest and SHA256SUMS do not depend on the typing."""
    return Path(os.path.relpath(os.path.abspath(name))).as_posix()


#: Bumped when what an identity cache entry holds changes.
IDENTITY_FORMAT = 1


def identify(source, reading: str, cache, source_date_epoch: int | None, keys: set[str],
             need_language: bool = True):
    """The source with its document's symbol and language (``Source.symbol``/``language``) and
    the stem of its outputs.

    The sidecar and the file name tell them when they can; otherwise the document is read (its
    masthead, its FRBR metadata), once per content: what it found is cached under the source's
    bytes and the reading code.  A name that carries no symbol (``N2342312.pdf``, the ODS
    job-number form) and no sidecar symbol gives outputs named by the document's symbol and
    language (``A_RES_78_128-EN.*``), as the sample's are; a name that carries one, a sidecar
    that gives it, or a model this pipeline wrote (``.akn.xml``: its name was chosen when it was
    written) keeps the file's stem.  A document that cannot be read keeps its stem: its jobs
    report why.  ``need_language``: whether the build needs the language of a source whose name
    tells its symbol (XLIFF targets, language-version links); if not, such a source is not read here."""
    import dataclasses
    from .names import metadata_from_name, name_carries_symbol, output_stem
    facts = {k: v for k, v in metadata_from_name(source.name).items() if k in ("symbol", "language")}
    told_symbol = name_carries_symbol(source.name)
    if source.sidecar is not None:
        from .readers.text import ReadOptions
        with contextlib.suppress(PipelineError):     # a bad sidecar is its jobs' error, with its line
            side = ReadOptions.from_toml(source.sidecar, source.sidecar_name or "")
            facts.update({k: getattr(side, k) for k in ("symbol", "language") if getattr(side, k)})
            told_symbol = told_symbol or bool(side.symbol)
    keep_stem = told_symbol or keeps_name(source.name)
    if not keep_stem or (need_language and not facts.get("language")):
        found = found_identity(source, reading, cache, source_date_epoch, keys)
        facts = {**found, **facts}
    stem = source.stem
    if not keep_stem and facts.get("symbol") and facts.get("language"):
        stem = output_stem(facts["symbol"], facts["language"])
    return dataclasses.replace(source, stem=stem, symbol=facts.get("symbol"), language=facts.get("language"))


def document_stem(path: Path, info, sidecar_symbol: str | None) -> str:
    """The stem of a read source's outputs, by the rule of :func:`identify`: the file's, unless its
    name and sidecar carry no symbol (then the document's symbol and language)."""
    from .names import name_carries_symbol, output_stem
    if keeps_name(path.name) or sidecar_symbol:
        return source_stem(path)
    return output_stem(info.symbol, info.language)


def found_identity(source, reading: str, cache, source_date_epoch: int | None, keys: set[str]) -> dict:
    """{"symbol", "language"} as the reader finds them in the document (cached under the source's
    identity and ``reading``, the digest of the reading code and tools); {} when it cannot be
    read (its jobs then report why)."""
    import json
    from . import build as build_logic
    key = build_logic.sha256(json.dumps({"identity_format": IDENTITY_FORMAT, "source": source.identity,
                                         "reading": reading}, sort_keys=True).encode())
    keys.add(key)
    meta = cache.meta(key)
    data = cache.data(key, meta) if meta is not None else None
    if data is not None:
        cache.touch(key)
        return json.loads(data)
    tree, _diagnostics, error = build_logic.read_model(source, source_date_epoch)
    if error is not None:
        return {}
    from .model import document_info
    info = document_info(tree)
    found = {"symbol": info.symbol, "language": info.language}
    data = json.dumps(found, sort_keys=True).encode()
    cache.put(key, data, {"size": len(data), "output": Path(source.name).name + ".identity.json"})
    return found


@dataclasses.dataclass(frozen=True)
class Seen:
    """What a build remembers of each source it planned (not its bytes): its name and identity."""

    name: str
    symbol: str | None
    language: str | None
    stem: str


def same_document_error(first: Seen, second: Seen):
    """Two sources of one build that are the same document (symbol and language), or whose
    outputs would have the same names: one error naming both (exit 4)."""
    from .diagnostics import SourceError, SourcePos
    if (first.symbol and second.symbol and symbol_key(first.symbol) == symbol_key(second.symbol)
            and first.language == second.language):
        what = f"are both {first.symbol} in {language_name(first.language)}"
    else:
        what = "have the same name"
    outputs = (f"their outputs would both be {second.stem}.*" if first.stem == second.stem else
               f"it would be built twice, as {first.stem}.* and {second.stem}.*")
    return SourceError(f"{first.name} and {second.name} {what}: {outputs}", SourcePos(second.name, 1, 1),
                       "build one of them (or into another folder with -o), or remove the copy")


def language_name(code: str | None) -> str:
    from .languages import LANGUAGES
    return LANGUAGES[code].name_en if code in LANGUAGES else str(code)


def load_source(path: Path):
    """A source file and its sidecar, read once for the whole build; a file that is no kind of
    source the pipeline reads is an error naming it (exit 4)."""
    from .build import Source
    from .diagnostics import SourceError, SourcePos
    sidecar = sidecar_path(path)
    try:
        data = path.read_bytes()
        side = sidecar.read_bytes() if sidecar.exists() else None
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", SourcePos(str(path), 1, 1),
                          "check the path and its permissions") from None
    if not data.strip():
        raise SourceError("the file is empty" if not data else "the file holds only white space",
                          SourcePos(str(path), 1, 1), "download or export it again")
    if detect(data, path.name) is None:
        raise SourceError("not a source the pipeline reads (neither PDF nor XML, and not named .txt or .md)",
                          SourcePos(str(path), 1, 1), f"the pipeline reads {READABLE}")
    return Source(str(path), source_stem(path), data, str(sidecar) if side is not None else None, side)


def file_sha256(path: Path):
    from .files import file_sha256 as sha
    return sha(path)


def run_jobs(todo, options, jobs, show_traceback):
    """Yield (job, result) as jobs finish: in this process for one task or -j1, else in worker
    processes (``pool.run``: the documents are read and their formats that need no WeasyPrint
    built while this process imports it, then the layouts run in workers forked from it).
    Workers ignore SIGINT and this process ends them, so Ctrl-C stops the build at once.
    """
    from .build import PRELOAD, release_task_state, run_job, tasks, warm_up, writer_of
    if not todo:
        return
    workers = jobs or len(os.sched_getaffinity(0))
    lays_out = any(PRELOAD.get(job.fmt) for job in todo)
    if workers > 1 and (lays_out or len({job.source.name for job in todo}) > 1):
        from . import pool
        yield from pool.run(todo, options, workers, show_traceback)
        return
    for fmt in sorted({job.fmt for job in todo}):
        writer_of(fmt).load()
    groups = tasks(todo, 1)
    warm_up(groups, options.source_date_epoch)
    for group in groups:
        for job in group:
            yield job, run_job(job, options, show_traceback)
        release_task_state()


class BuildProgress:
    """A progress bar on a terminal, one plain line per output otherwise (stderr)."""

    def __init__(self, total: int, silent: bool, out_dir: Path) -> None:
        self.total, self.silent, self.out_dir, self.count = 0, silent, out_dir, 0
        self.bar = None
        self.expect(total)

    def expect(self, more: int) -> None:
        """``more`` outputs to come (a build reads its sources in batches, so the total grows)."""
        self.total += more
        if self.bar is not None:
            self.bar.length = self.total
        elif not self.silent and sys.stderr.isatty() and self.total:
            self.bar = click.progressbar(length=self.total, label="building", file=sys.stderr,
                                         show_pos=True, item_show_func=lambda item: item)
            self.bar.__enter__()

    def advance(self, output: str, status: str, seconds: float | None) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(1, output)
        elif not self.silent:
            took = f" ({seconds:.2f} s)" if seconds is not None else ""
            click.echo(f"[{self.count}/{self.total}] {status}: {self.out_dir / output}{took}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


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


def source_date_epoch() -> int | None:
    epoch = (os.environ.get("SOURCE_DATE_EPOCH") or "").strip() or None
    if epoch is not None and not epoch.isdigit():
        raise click.UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970-01-01")
    return int(epoch) if epoch else None


STATE_CHOICE = click.Choice(["initial", "translated", "reviewed", "final"])


@cli.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.argument("translated", metavar="TRANSLATED.xlf", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the translated model.")
@click.option("--strict", is_flag=True,
              help="Write nothing (exit 6) if any unit would be kept out (stale, untranslated, broken codes).")
@click.option("--require-complete", is_flag=True, hidden=True, help="The same as --strict.")
@click.option("--min-state", type=STATE_CHOICE, default="translated", show_default=True,
              help="Flag segments whose state is below this (XLIFF 1.2: new/needs-* < translated < "
                   "signed-off < final).")
@click.option("--tm", "tm_path", type=click.Path(dir_okay=False), metavar="TMX",
              help="Add the merged units to this TMX file (created if missing).")
@common_options
def merge(source, translated, output, strict, require_complete, min_state, tm_path, verbose, quiet,
          fail_on_warning, diagnostics_json, traceback):
    """Merge a translated XLIFF file (2.1 or 1.2) into SOURCE; write OUTPUT/<stem>.<lang>.akn.xml.

    The file is checked unit by unit and every finding is listed with its unit id and line.
    A unit that is stale (its source changed since extraction), untranslated, a copy of the
    source, with codes deleted or invented or code markup typed as text keeps its source
    text: the rest merges and the exit status is 9 (with --strict nothing is written: 6).
    Translations to review (wrong language, state below --min-state, links reordered) merge
    with exit status 10. A file that is not a translation of SOURCE is refused (6).

    \b
    Example:
      pipeline merge source/A_73_321-ZH.md A_73_321-ZH.en.xlf -o output/ --tm un.tmx
      pipeline build output/A_73_321-ZH.en.akn.xml --to html,pdf
    """
    import dataclasses
    from .merge import merge_xliff
    from .model import document_info
    from .qa import exit_code
    run = Run(verbose, quiet, traceback)
    reporter = Reporter()
    code = 0
    epoch = source_date_epoch()
    try:
        path = Path(source)
        options = dataclasses.replace(read_options_for(path), source_date_epoch=epoch)
        tree = read_source(path.read_bytes(), str(path), reporter, options)
        units: list = []
        merged = merge_xliff(tree, Path(translated).read_bytes(), reporter, str(translated),
                             strict=strict or require_complete, min_state=min_state, merged_units=units)
        target = Path(output) / f"{document_stem(path, document_info(tree), options.symbol)}." \
                                f"{document_info(merged).language}.akn.xml"
        atomic_write(target, write(merged, "akn", WriteOptions(source_date_epoch=epoch)))
        if tm_path:
            add_to_memory(Path(tm_path), tree, merged, units)
        run.show(reporter)
        code = exit_code(reporter)
        if not quiet:
            click.echo(f"wrote {target}" + merge_summary(reporter, len(units)), err=True)
    except PipelineError as exc:
        run.show(reporter)
        code = run.error(exc)
    except Exception as exc:
        code = run.error(exc)
    run.finish(fail_on_warning, diagnostics_json, code)


def merge_summary(reporter: Reporter, merged: int) -> str:
    from .qa import KEPT_OUT, REVIEW
    kept = len([d for d in reporter.diagnostics if d.level == Level.ERROR and d.code in KEPT_OUT])
    review = len([d for d in reporter.diagnostics if d.code in REVIEW])
    return (f" ({merged} unit(s) merged; {kept} kept out in the source language; {review} to review)"
            if kept or review else f" ({merged} unit(s) merged)")


def add_to_memory(path: Path, source_tree, merged_tree, units: list) -> None:
    """Append the merged units to the TMX at ``path`` (created if missing); same entries are not repeated."""
    from . import tm
    from .model import document_info
    info, target = document_info(source_tree), document_info(merged_tree)
    old = tm.read_tmx(path.read_bytes(), str(path)) if path.exists() else []
    new = tm.entries_from_merge(units, info.lang.bcp47, target.lang.bcp47, info.symbol)
    seen = {(e.source.key, e.target.key, e.target_lang) for e in old}
    added = [e for e in new if (e.source.key, e.target.key, e.target_lang) not in seen]
    atomic_write(path, tm.write_tmx(old + added))


@cli.command()
@click.argument("translated", metavar="TRANSLATED.xlf", type=click.Path(exists=True, dir_okay=False))
@click.option("--min-state", type=STATE_CHOICE, default="translated", show_default=True,
              help="Flag segments whose state is below this.")
@common_options
def qa(translated, min_state, verbose, quiet, fail_on_warning, diagnostics_json, traceback):
    """Check a translated XLIFF file (2.1 or 1.2) alone and report the findings by unit; write nothing.

    Untranslated segments, targets copied from the source, text not in the target language,
    states below --min-state, codes deleted, invented, duplicated or reordered, code markup
    typed as text, whitespace damage. Exit status 9 or 10 as for merge (see pipeline --help).

    \b
    Example:
      pipeline qa translated.en.xlf --min-state final
    """
    from .merge import qa_xliff
    from .qa import exit_code
    run = Run(verbose, quiet, traceback)
    reporter = Reporter()
    code = 0
    try:
        count = qa_xliff(Path(translated).read_bytes(), reporter, str(translated), min_state)
        run.show(reporter)
        code = exit_code(reporter)
        if not quiet:
            findings = len(reporter.at_least(Level.WARNING))
            click.echo(f"{translated}: {count} unit(s) checked, {findings} finding(s)", err=True)
    except PipelineError as exc:
        run.show(reporter)
        code = run.error(exc)
    except Exception as exc:
        code = run.error(exc)
    run.finish(fail_on_warning, diagnostics_json, code)


@cli.group()
def tm() -> None:
    """Translation memory: TMX 1.4b from the UN's existing translations; leverage of a TMX on a document.

    \b
    Example:
      pipeline tm import corpus/zh_A-RES-75-234.txt corpus/en_A-RES-75-234.txt -o un.tmx
      pipeline tm leverage new-report.md --tm un.tmx --target-lang en
    """


@tm.command("import")
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The TMX file to write.")
@common_options
def tm_import(sources, output, verbose, quiet, fail_on_warning, diagnostics_json, traceback):
    """Align language versions of the same document by their structure into a TMX file.

    The first SOURCE is the source language; every other is a translation of it. Units are
    paired by their place in the document model (paragraphs, notes, headings), codes by what
    they stand for (footnote calls, links).

    \b
    Example:
      pipeline tm import corpus/zh_A-RES-75-234.txt corpus/en_A-RES-75-234.txt -o un.tmx
      pipeline build report.md --to xliff --target-lang en --tm un.tmx
    """
    from . import tm as memory
    run = Run(verbose, quiet, traceback)
    reporter = Reporter()
    code = 0
    try:
        paths = expand_sources(sources)
        if len(paths) < 2:
            raise click.UsageError("tm import needs two language versions of a document (or more)")
        trees = [read_source(p.read_bytes(), str(p), Reporter(), read_options_for(p)) for p in paths]
        entries = []
        for path, other in zip(paths[1:], trees[1:]):
            entries += memory.align(trees[0], other, reporter, str(paths[0]))
        atomic_write(Path(output), memory.write_tmx(entries))
        run.show(reporter)
        if not quiet:
            click.echo(f"wrote {output} ({len(entries)} translation unit(s))", err=True)
    except PipelineError as exc:
        run.show(reporter)
        code = run.error(exc)
    except click.UsageError:
        raise
    except Exception as exc:
        code = run.error(exc)
    run.finish(fail_on_warning, diagnostics_json, code)


@tm.command("leverage")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--tm", "tm_path", required=True, type=click.Path(exists=True, dir_okay=False), metavar="TMX")
@click.option("--target-lang", required=True, help="The target language: en, fr, es, ru, ar, zh.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@common_options
def tm_leverage(source, tm_path, target_lang, as_json, verbose, quiet, fail_on_warning, diagnostics_json,
                traceback):
    """How much of SOURCE the TMX translates: units and words per match band (exact, fuzzy, new).

    \b
    Example:
      pipeline tm leverage new-report.md --tm un.tmx --target-lang en
    """
    from . import tm as memory
    from .languages import language
    from .model import document_info
    from .writers.xliff import extract_units
    run = Run(verbose, quiet, traceback)
    code = 0
    try:
        path = Path(source)
        tree = read_source(path.read_bytes(), str(path), Reporter(), read_options_for(path))
        mem = memory.Memory(memory.read_tmx(Path(tm_path).read_bytes(), tm_path),
                            document_info(tree).lang.bcp47, language(target_lang).bcp47)
        _, leverage = memory.pretranslate(extract_units(tree), mem)
        if as_json:
            import json
            click.echo(json.dumps(leverage.as_dict(), indent=1))
        else:
            click.echo(leverage.table())
    except PipelineError as exc:
        code = run.error(exc)
    except Exception as exc:
        code = run.error(exc)
    run.finish(fail_on_warning, diagnostics_json, code)


@cli.command()
@click.argument("xliff_in", metavar="IN.xlf", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The XLIFF file to write.")
@common_options
def pseudo(xliff_in, output, verbose, quiet, fail_on_warning, diagnostics_json, traceback):
    """Fill every target of IN.xlf with a pseudo-translation (accented, bracketed, ~30 % longer, codes kept).

    Tests the whole translation loop without a translator.

    \b
    Example:
      pipeline pseudo output/A_73_321-ZH.en.xlf -o pseudo.en.xlf
      pipeline merge source/A_73_321-ZH.md pseudo.en.xlf -o output/
    """
    from .merge import pseudo_translate
    run = Run(verbose, quiet, traceback)
    code = 0
    try:
        atomic_write(Path(output), pseudo_translate(Path(xliff_in).read_bytes(), str(xliff_in)))
        if not quiet:
            click.echo(f"wrote {output}", err=True)
    except Exception as exc:   # Run.error maps a PipelineError to its exit code, anything else to 1
        code = run.error(exc)
    run.finish(fail_on_warning, diagnostics_json, code)


@cli.group()
def cluster() -> None:
    """Dask clusters for pipeline build --scheduler: check that every worker makes the same bytes.

    \b
    Example:
      pipeline cluster check --scheduler tcp://scheduler:8786
    """


@cluster.command("check")
@click.option("--scheduler", metavar="ADDRESS", required=True,
              help="tcp://HOST:8786 (a running dask scheduler), or local:N (a LocalCluster of N workers).")
@click.option("--json", "as_json", is_flag=True, help="Print every environment as JSON on standard output.")
def cluster_check(scheduler, as_json):
    """Compare every worker's environment with this machine's: the pipeline's files, styles/, WeasyPrint,
    pandoc, lxml, the font and shaping packages.  A worker that differs would make other bytes, so
    pipeline build refuses it; exits with status 11 if one does.

    \b
    Example:
      pipeline cluster check --scheduler tcp://scheduler:8786
    """
    from . import cluster as dask_cluster
    from .files import environment
    try:
        here = dask_cluster.flat_environment(environment())
        with dask_cluster.connect(scheduler) as client:
            checks = dask_cluster.check_workers(client, here)
    except PipelineError as exc:
        click.echo(exc.format(), err=True)
        sys.exit(exc.exit_code)
    if as_json:
        import json
        click.echo(json.dumps({"scheduler": scheduler, "this_machine": here,
                               "workers": [{"address": c.address, "environment": c.environment,
                                            "differences": [{"name": n, "this_machine": a, "worker": b}
                                                            for n, a, b in c.differences]} for c in checks]},
                              ensure_ascii=False, indent=1))
    else:
        click.echo(dask_cluster.environment_table(here, checks))
    if not all(c.ok for c in checks):
        sys.exit(dask_cluster.ClusterError.exit_code)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--page-size", default="A4", show_default=True, help="PDF page size (a CSS size: A4, letter).")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Build cache folder; default: $PIPELINE_CACHE_DIR, else ~/.cache/un-pipeline.")
def serve(sources, host, port, page_size, cache_dir):
    """Preview SOURCES (files or folders) in a browser: HTML and PDF side by side, diagnostics linked
    to their lines, rebuilt and reloaded when a source, its sidecar or a stylesheet is saved.

    \b
    Example:
      pipeline serve source/ --port 8000      # then open http://127.0.0.1:8000/
    """
    from .files import default_cache_dir
    from .serve import serve as run_server

    files = expand_sources(sources)
    folders = sorted({Path(raw) if Path(raw).is_dir() else Path(raw).parent for raw in sources})
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read these "
                   "documents (the default, 127.0.0.1, serves this machine only)", err=True)
    if not files and not folders:
        raise click.UsageError("no source to preview")
    epoch = (os.environ.get("SOURCE_DATE_EPOCH") or "").strip()
    options = WriteOptions(page_size=page_size, source_date_epoch=int(epoch) if epoch.isdigit() else None)
    try:
        run_server(files, folders, host, port, Path(cache_dir) if cache_dir else default_cache_dir(),
                   options, load_source)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


#: The cyclic garbage collector's thresholds for a command: a command is a batch whose objects
#: (pages of lines, a model's elements) mostly live until it ends and form few cycles, so the
#: collector's default (a young collection every 700 allocations, a full one every 70 of them:
#: over a hundred collections reading the 56-page A/79/352, 20 ms of CPU, a tenth of everything
#: but PDFium) mostly walks live objects.  Every 10,000 allocations it still collects what cycles
#: there are, so memory does not grow with the pages (mypy sets 200,000 for the same reason).
GC_THRESHOLDS = (10_000, 10, 10)


def main(argv: list[str] | None = None) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    cli.main(args=argv, prog_name="pipeline")
