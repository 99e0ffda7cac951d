"""The logic of ``pipeline build``: sources' bytes and options in; jobs, cache keys, built bytes and the release manifest out.

Nothing here touches the disk or the clock: ``cli.py`` reads the sources, and
``files.py`` (the disk side) the styles, the pipeline's own files and the tool
versions; their bytes and digests come here as values.  That keeps every decision
(what to rebuild, what the manifest says) testable on values, and every write
atomic in one place.

Planning and execution are separate, so that the executor can be swapped:

1. **Plan** (pure data): :func:`plan` turns sources × formats into :class:`Job` values,
   each with its content key (:func:`cache_key`); :func:`tasks` groups them into what one
   worker runs at once (a list of jobs).  A job carries its inputs as bytes (the source,
   its sidecar, the parallel source of a bilingual page) and names nothing on the disk.
2. **Execute**: :func:`run_task` takes ``(jobs, options, show_traceback)`` and returns
   one :class:`JobResult` (the output's bytes, or the error as text, and the diagnostics)
   per job: bytes in, bytes out, everything picklable.  ``cli.py`` runs it in this process
   or in the local worker pool (``pool.py``: the models read once, then handed to the
   workers that lay out as bytes, :func:`model_bytes`); any executor that can call a
   picklable function on picklable arguments (``concurrent.futures``, Dask's
   ``client.submit``) can run the same tasks, and the caller writes the results.
3. **Record**: the caller writes each result atomically, stores it in the cache under the
   job's key and adds it to the release manifest (:func:`manifest_bytes`, :func:`sums_bytes`).

A job is one document in one format.  Its cache key is the SHA-256 of every input
that can change its bytes and nothing else (:func:`format_inputs`): the source's
name (the symbol and language are read from it) and bytes, the sidecar's name and
bytes, the format, the write options that reach that format (``SOURCE_DATE_EPOCH``
included), the pipeline modules the reader and that format's writer import, the
stylesheets those modules name, and the versions of the libraries and tools they
use (WeasyPrint and the fonts for PDF and EPUB, pandoc for the reader, ICU for
XLIFF).  So a stylesheet edit rebuilds HTML, PDF and EPUB but not AKN or XLIFF,
and an XLIFF writer edit only XLIFF.  Same key, same bytes: that is what makes the
cache safe to trust.

:class:`ResidentBuilder` keeps one process warm for repeated builds (``pipeline serve``,
a watch mode): WeasyPrint, the schema and the fonts are loaded once, each model is read
once per content key, and each output is kept by its key.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import hashlib
import importlib
import json
import gc
import re
import sys
import threading
import time
import traceback

from .diagnostics import Diagnostic, Level, PipelineError, Reporter, SourcePos, ToolMissing
from .writers import WRITERS, Writer, WriteOptions

#: Bumped when the layout of the cache or the meaning of a key changes.
CACHE_FORMAT = 2

#: Formats whose writers share work: the EPUB writer places its page breaks from the PDF
#: edition's page map (``epub.page_map``), which the PDF job makes from its own layout and
#: hands to the EPUB job of the same task (see :func:`run_task`), so one document's PDF and
#: EPUB run as one task and the document is laid out once.
SHARED_WORK = (frozenset({"pdf", "epub"}),)

#: The pseudo-format of the PDF edition's page map in cache keys (its inputs are the EPUB
#: writer's: ``epub.page_map`` lays the document out with the PDF writer).
PAGE_MAP = "page-map"

#: Formats whose job makes or needs the PDF edition's page map (an artifact cached like an
#: output, under ``Job.page_map_key``, so a cached PDF still gives an EPUB without a layout).
PAGE_MAP_FORMATS = frozenset({"pdf", "epub"})

#: Libraries a writer imports lazily that the CLI imports before forking workers, so that
#: they load once (WeasyPrint takes about 0.5 s of CPU to import) and are shared by the workers.
PRELOAD = {"pdf": ("weasyprint",), "epub": ("weasyprint",),
           "bilingual-pdf": ("weasyprint",)}

#: Relative cost of a format, so that the slowest jobs start first (longest
#: processing time first keeps both cores busy to the end).
FORMAT_WEIGHT = {"pdf": 100, "bilingual-pdf": 100, "epub": 20, "html": 10, "bilingual-html": 10,
                 "xliff": 5, "akn": 1}

#: Side-by-side pages of a translated model with the document it was translated from
#: (``build --bilingual``): planned, cached and recorded like every other output.
BILINGUAL_WRITERS: dict[str, Writer] = {
    "bilingual-html": Writer("bilingual-html", ".bilingual", "write_bilingual_html", ".bilingual.html"),
    "bilingual-pdf": Writer("bilingual-pdf", ".bilingual", "write_bilingual_pdf", ".bilingual.pdf"),
}

#: Write options that reach only some formats' bytes; every other option reaches every format.
OPTION_FORMATS = {"target_language": {"xliff"}, "xliff_version": {"xliff"}, "xliff_profile": {"xliff"},
                  "translation_memory": {"xliff"}, "languages": {"html"}, "editions": {"html"}}

#: Modules of the package every output depends on besides the import closure of its writer:
#: the reading side (readers may be chosen through a table, so the folders count whole).
#: This module counts too (:func:`run_job`), without what it imports inside functions for
#: other formats (its warm-up lays out a line with the PDF writer's stylesheet).  The disk
#: side (cli.py, files.py) never reaches the bytes.
READ_CODE = ("__init__.py", "readers/", "transforms/")
RUN_CODE = "build.py"


def writer_of(fmt: str) -> Writer:
    """The writer of a format: one of ``WRITERS``, or a bilingual one."""
    return BILINGUAL_WRITERS[fmt] if fmt in BILINGUAL_WRITERS else WRITERS[fmt]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_files(files: dict[str, bytes]) -> str:
    """One digest of named files (relative path → bytes), independent of their order."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + sha256(files[name]).encode() + b"\n")
    return h.hexdigest()


# ------------------------------------------------------------------- inputs

@dataclasses.dataclass(frozen=True)
class Source:
    """One source document as read from the disk: its name, its bytes and its sidecar's."""

    name: str                       # as given on the command line: "source/A_73_321-ZH.md"
    stem: str                       # output file stem: "A_73_321-ZH"
    data: bytes
    sidecar_name: str | None = None
    sidecar: bytes | None = None
    #: The symbol and language of the document: its sidecar's, its file name's, else those its
    #: reader found in it (masthead, FRBR); what names its outputs when the name carries no
    #: symbol, and the language its XLIFF targets leave out.  Derived from the inputs above,
    #: so not part of :attr:`identity`.
    symbol: str | None = None
    language: str | None = None

    def facts(self) -> dict:
        """{"symbol", "language"} as far as they are known: found, else from the file name."""
        from .names import metadata_from_name
        named = metadata_from_name(self.name)
        return {"symbol": self.symbol or named.get("symbol"), "language": self.language or named.get("language")}

    @property
    def sha(self) -> str:
        return sha256(self.data)

    @property
    def sidecar_sha(self) -> str | None:
        return sha256(self.sidecar) if self.sidecar is not None else None

    @property
    def identity(self) -> dict:
        """Every input of reading this source: what a model, and so every output, is keyed on.

        The name counts as much as the bytes: the symbol and the language come from it
        (``A_73_321-ZH.md`` renamed ``A_73_999-ZH.md`` is another document), and the
        diagnostics name it."""
        return {"name": self.name, "sha256": self.sha,
                "sidecar_name": self.sidecar_name, "sidecar_sha256": self.sidecar_sha}


@dataclasses.dataclass(frozen=True)
class Module:
    """One file of the pipeline package, as ``files.py`` read it."""

    sha256: str
    imports: tuple[str, ...] = ()       # package files it imports (relative paths), anywhere in it
    libraries: tuple[str, ...] = ()     # top-level names of the other libraries it imports
    styles: tuple[str, ...] = ()        # stylesheet file names it names ("print.css")


@dataclasses.dataclass(frozen=True)
class Environment:
    """What the outputs depend on besides the source: the code, the styles, the tools.

    Each format's key takes only its part (:func:`format_inputs`)."""

    code: dict[str, Module]             # package file (relative path: "writers/pdf.py") → what it is
    styles: dict[str, str]              # stylesheet name → SHA-256
    tools: dict[str, str]               # name → version: pipeline, weasyprint, pandoc, lxml, libxml2, fonts-…
    #: library (top-level import name) → the tools whose versions change what it does
    library_tools: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    @property
    def code_digest(self) -> str:
        """One digest of the whole package (what a cluster worker must share with the coordinator)."""
        return sha256(json.dumps({k: m.sha256 for k, m in self.code.items()}, sort_keys=True).encode())

    @property
    def styles_digest(self) -> str:
        return sha256(json.dumps(self.styles, sort_keys=True).encode())

    def as_json(self) -> dict:
        return {"code": {k: m.sha256 for k, m in sorted(self.code.items())},
                "styles": dict(sorted(self.styles.items())), "tools": dict(sorted(self.tools.items()))}


def writer_path(writer: Writer) -> str:
    """The package file of a writer: ``Writer(module=".pdf")`` → ``writers/pdf.py``."""
    return "writers/" + writer.module.lstrip(".").replace(".", "/") + ".py"


def code_closure(env: Environment, roots: list[str]) -> set[str]:
    """The package files ``roots`` (paths, or folders ending in "/") import, transitively."""
    todo = [path for root in roots for path in env.code
            if (path.startswith(root) if root.endswith("/") else path == root)]
    seen: set[str] = set()
    while todo:
        path = todo.pop()
        if path in seen or path not in env.code:
            continue
        seen.add(path)
        todo.extend(env.code[path].imports)
    return seen


def format_inputs(env: Environment, fmt: str) -> dict:
    """The part of the environment ``fmt``'s bytes depend on: code, stylesheets, tool versions.

    The code is the import closure of the reading side (:data:`READ_CODE`) and of the
    format's writer module; the stylesheets are those named in that code; the tools are
    the pipeline's version, and the versions behind every library that code imports
    (``Environment.library_tools``).  A format this module does not know (a writer
    registered elsewhere) depends on the whole environment."""
    try:
        writer = writer_of("epub" if fmt == PAGE_MAP else fmt)
    except KeyError:
        return {"code": env.as_json()["code"], "styles": dict(sorted(env.styles.items())),
                "tools": dict(sorted(env.tools.items()))}
    paths = code_closure(env, [*READ_CODE, writer_path(writer)])
    if writer_path(writer) not in paths:
        return {"code": env.as_json()["code"], "styles": dict(sorted(env.styles.items())),
                "tools": dict(sorted(env.tools.items()))}
    styles = {name for path in paths for name in env.code[path].styles if name in env.styles}
    tools = {"pipeline"}
    for path in paths:
        for library in env.code[path].libraries:
            tools.update(env.library_tools.get(library, (library,)))
    code = {path: env.code[path].sha256 for path in sorted(paths | ({RUN_CODE} & set(env.code)))}
    return {"code": code,
            "styles": {name: env.styles[name] for name in sorted(styles)},
            "tools": {name: env.tools[name] for name in sorted(tools) if name in env.tools}}


def options_json(options: WriteOptions, fmt: str | None = None) -> dict:
    """The write options that reach the bytes of ``fmt`` (every format when None), as JSON.

    ``parallel`` is never part of it: a bilingual job names its parallel source instead."""
    values = {"page_size": options.page_size, "target_language": options.target_language,
              "xliff_version": options.xliff_version, "source_date_epoch": options.source_date_epoch,
              "xliff_profile": options.xliff_profile,
              "translation_memory": sha256(options.translation_memory) if options.translation_memory else None,
              "languages": [list(pair) for pair in options.languages],
              "editions": [list(pair) for pair in options.editions]}
    return {name: value for name, value in values.items()
            if fmt is None or fmt not in WRITERS and fmt not in BILINGUAL_WRITERS
            or fmt in OPTION_FORMATS.get(name, {fmt})}


@dataclasses.dataclass(frozen=True)
class Job:
    source: Source
    fmt: str
    output: str                     # file name inside the output folder
    key: str                        # content address of the result
    target_language: str | None = None   # an XLIFF job's target language
    page_map_key: str | None = None      # PDF and EPUB: content address of the PDF edition's page map
    page_map: bytes | None = None        # EPUB: that page map, when the cache has it (else it is made)
    parallel: Source | None = None       # a bilingual job's other document (the original)
    #: An HTML job's links: the document's language versions and its other editions in the
    #: release (WriteOptions.languages / editions); empty for every other format.
    languages: tuple[tuple[str, str], ...] = ()
    editions: tuple[tuple[str, str], ...] = ()

    def options(self, options: WriteOptions) -> WriteOptions:
        """The write options of this job: the build's, without what does not reach this format
        (an XLIFF job's target language is its own), with its page map (EPUB)."""
        if self.fmt == "xliff":
            return dataclasses.replace(options, target_language=self.target_language)
        if self.fmt in WRITERS or self.fmt in BILINGUAL_WRITERS:
            options = dataclasses.replace(options, target_language=None, xliff_version=WriteOptions.xliff_version,
                                          xliff_profile=WriteOptions.xliff_profile, translation_memory=None)
        if self.fmt == "epub" and self.page_map is not None:
            options = dataclasses.replace(options, page_map=self.page_map)
        if self.fmt in WRITERS or self.fmt in BILINGUAL_WRITERS:
            options = dataclasses.replace(options, languages=self.languages, editions=self.editions)
        return options

    @property
    def label(self) -> str:
        return f"{self.source.name} → {self.output}"


def cache_key(source: Source, fmt: str, options: WriteOptions, env: Environment,
              parallel: Source | None = None) -> str:
    """The SHA-256 of every input of one output (see the module docstring)."""
    payload = {
        "cache_format": CACHE_FORMAT,
        "source": source.identity,
        "parallel": parallel.identity if parallel is not None else None,
        "format": fmt,
        "options": options_json(options, fmt),
        **format_inputs(env, fmt),
    }
    return sha256(json.dumps(payload, sort_keys=True).encode())


def plan(sources: list[Source], formats: list[str], options: WriteOptions,
         env: Environment, targets: list[str] | None = None,
         parallel: Source | None = None) -> list[Job]:
    """Every document in every format, slowest formats first; two sources may not share an output.

    XLIFF is made once per target language in ``targets`` (default: ``options.target_language``),
    leaving out the document's own language (:meth:`Source.facts`: found in it, or told by its name).  With ``parallel``
    (``build --bilingual``), html and pdf become the side-by-side pages of each source with it."""
    if parallel is not None:
        formats = [f"bilingual-{fmt}" for fmt in formats if f"bilingual-{fmt}" in BILINGUAL_WRITERS]
    jobs: list[Job] = []
    owners: dict[str, str] = {}
    links = _release_links(sources, formats) if parallel is None else {}
    for source in sources:
        for fmt in formats:
            own = source.facts()["language"]
            langs = ([t for t in (targets or [options.target_language]) if t != own]
                     if fmt == "xliff" else [None])
            for lang in langs:
                job = Job(source, fmt, "", "", lang, parallel=parallel,
                          **(links.get(source.name, {}) if fmt == "html" else {}))
                job_options = job.options(options)
                output = writer_of(fmt).output_name(source.stem, job_options)
                if output in owners and owners[output] != source.name:
                    raise PipelineError(
                        f"{source.name} and {owners[output]} would both write {output}",
                        "rename one of them, or build them into different folders")
                owners[output] = source.name
                page_map_key = (cache_key(source, PAGE_MAP, job_options, env)
                                if fmt in PAGE_MAP_FORMATS else None)
                jobs.append(dataclasses.replace(
                    job, output=output, page_map_key=page_map_key,
                    key=cache_key(source, fmt, job_options, env, parallel)))
    order = {name: i for i, name in enumerate(s.name for s in sources)}
    return sorted(jobs, key=lambda j: (-FORMAT_WEIGHT.get(j.fmt, 10), order[j.source.name]))


def _release_links(sources: list[Source], formats: list[str]) -> dict[str, dict]:
    """For each source's HTML page: its language versions among ``sources`` (same symbol by the
    UN file name, ``A_73_321-ZH`` / ``A_73_321-EN``) and its PDF and EPUB editions when this
    build writes them, as Job fields."""
    if "html" not in formats:
        return {}
    html = writer_of("html")
    facts = {s.name: s.facts() for s in sources}
    out: dict[str, dict] = {}
    for source in sources:
        symbol = facts[source.name].get("symbol")
        versions = tuple((facts[t.name]["language"], html.output_name(t.stem, WriteOptions()))
                         for t in sources if symbol and facts[t.name].get("symbol") == symbol
                         and facts[t.name].get("language"))
        editions = tuple((fmt, writer_of(fmt).output_name(source.stem, WriteOptions()))
                         for fmt in ("pdf", "epub") if fmt in formats)
        out[source.name] = {"languages": versions if len(versions) > 1 else (), "editions": editions}
    return out


def tasks(jobs: list[Job], workers: int = 1) -> list[list[Job]]:
    """Jobs grouped into what one worker does at once, biggest first.

    With at least as many documents as workers, a task is a whole document: each source
    is read once in all, and the cores stay busy across documents.  With fewer, a task
    is a document's formats that share work (:data:`SHARED_WORK`), so one document's
    PDF and its other formats still run side by side.
    """
    whole = len({job.source.name for job in jobs}) >= workers
    groups: dict[tuple, list[Job]] = {}
    for job in jobs:
        group = (frozenset() if whole else
                 next((g for g in SHARED_WORK if job.fmt in g), frozenset({job.fmt})))
        groups.setdefault((job.source.name, group), []).append(job)

    per_source: dict[str, float] = {}     # layout_cost reads the whole source: once for its tasks

    def cost(task: list[Job]) -> float:
        name = task[0].source.name
        if name not in per_source:
            per_source[name] = layout_cost(task[0].source.data)
        return sum(FORMAT_WEIGHT.get(j.fmt, 10) for j in task) * per_source[name]

    if len(groups) == 1:
        return list(groups.values())    # one task: no order to find (layout_cost reads the whole source)
    return sorted(groups.values(), key=cost, reverse=True)


#: Characters that take longer to lay out than Latin ones, and how much longer (see :func:`layout_cost`).
SCRIPT_WEIGHT = (
    (re.compile("[\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"), 6.5),  # CJK
    (re.compile("[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"), 2.1),                                    # Arabic
    (re.compile("[\u0400-\u052f]"), 1.3),                                                            # Cyrillic
)


def layout_cost(data: bytes) -> float:
    """An estimate of the time to build a source, in Latin characters: what orders the tasks.

    The PDF layout is most of a document's time, and it follows the characters to lay out
    and their script, not the bytes: UTF-8 takes 1 byte for a Latin letter, 2 for Cyrillic
    and Arabic, 3 for Chinese, while a Chinese character costs more to lay out than a Latin
    one.  Ordered by bytes, the 5.5 KB Chinese resolution of the shared corpus (0.41 s)
    came last at -j2, after the 15 KB Russian one (0.36 s), and left the other core idle.

    Measured on the 8 documents of the shared corpus (``../shared/corpus``; each document's
    read and every format, in a worker forked after the warm-up, median of 5, second run
    in the process so that first-use costs are left out): the five Latin-script ones
    (6 000 – 36 600 non-space characters) take about 0.055 s + 32 µs per non-space
    character; the six translations of A/RES/75/234 (the same text, 25 paragraphs each)
    then put a Cyrillic character at about 1.3 Latin ones (ru: 0.36 s), an Arabic one at
    2.1 (ar: 0.41 s) and a Chinese one at 6.5 (zh: 0.41 s, 1 600 Han characters).  Hence:
    non-space characters, each weighted by its script (other scripts count as Latin).  Only
    the order it gives matters, and it sorts those 8 documents as their measured times do
    (the fit is rough: 0.73 s predicted for the 0.60 s Spanish HRC resolution).  It reads
    nothing but the bytes (no earlier build's timings: a cold build has none), and only the
    order of the tasks depends on it, never an output.
    """
    text = data.decode("utf-8", "replace")
    cost = float(len("".join(text.split())))
    for pattern, weight in SCRIPT_WEIGHT:
        cost += (weight - 1) * len(pattern.findall(text))
    return cost


# --------------------------------------------------------------- running a job

@dataclasses.dataclass
class JobResult:
    """What a worker sends back: the bytes, or the error as text (exceptions do not pickle faithfully)."""

    output: str
    data: bytes | None = None
    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    error: str | None = None
    exit_code: int = 0
    seconds: float = 0.0
    language: str | None = None     # ISO 639-1 of the document, from its model
    page_map: bytes | None = None   # PDF and EPUB: the page map this job made (to cache), if it made one

    @property
    def ok(self) -> bool:
        return self.error is None


#: Models already read by this process, by every input of reading (:attr:`Source.identity`
#: and the date): each source is read once per process, however many formats it is built in.
#: A worker empties it after each task (:func:`release_task_state`); the resident builder
#: keeps what its current sources need.
_MODELS: collections.OrderedDict = collections.OrderedDict()
_MODELS_KEPT = 8
#: The memo may be used by two threads at once (a resident builder's overlapping calls).
_MODELS_LOCK = threading.Lock()


def model_key(source: Source, source_date_epoch: int | None) -> str:
    return sha256(json.dumps([source.identity, source_date_epoch], sort_keys=True).encode())


def read_model(source: Source, source_date_epoch: int | None = None):
    """The source's model and the diagnostics of reading it, memoized per process.

    ``source_date_epoch`` reaches the reader too (the AKN manifestation date it records).
    """
    from . import read_source
    from .readers.text import ReadOptions

    key = model_key(source, source_date_epoch)
    with _MODELS_LOCK:
        hit = _MODELS.get(key)
        if hit is not None:
            _MODELS.move_to_end(key)
            return hit
    reporter = Reporter()
    try:
        options = (ReadOptions.from_toml(source.sidecar, source.sidecar_name or "")
                   if source.sidecar is not None else ReadOptions())
        if source_date_epoch is not None and "source_date_epoch" in {
                f.name for f in dataclasses.fields(ReadOptions)}:
            options = dataclasses.replace(options, source_date_epoch=source_date_epoch)
        tree = read_source(source.data, source.name, reporter, options)
        read = (tree, reporter.diagnostics, None)
    except Exception as exc:
        read = (None, reporter.diagnostics, exc)
    with _MODELS_LOCK:
        read = _MODELS.setdefault(key, read)     # another thread's, if it read it meanwhile
        _MODELS.move_to_end(key)
        while len(_MODELS) > _MODELS_KEPT:
            _MODELS.popitem(last=False)
    return read


def model_bytes(tree) -> bytes:
    """A model as bytes another process can adopt (:func:`adopt_model`): the serialized tree.

    A model is its XML and nothing else (writers only read the tree), so a tree parsed back
    from these bytes gives every writer the bytes the original gives (a test builds the corpus
    and the sample both ways)."""
    from lxml import etree
    return etree.tostring(tree)


def adopt_model(source: Source, source_date_epoch: int | None, data: bytes,
                diagnostics: list[Diagnostic]) -> None:
    """Make a model read by another process (:func:`model_bytes`, and the diagnostics of
    reading it) this process's model of ``source``: :func:`read_model` returns it, unread."""
    import io

    from lxml import etree
    tree = etree.parse(io.BytesIO(data), etree.XMLParser(huge_tree=True, resolve_entities=False))
    with _MODELS_LOCK:
        _MODELS[model_key(source, source_date_epoch)] = (tree, list(diagnostics), None)
        _MODELS.move_to_end(model_key(source, source_date_epoch))


def release_task_state(keep: set[str] = frozenset(), collect: bool = True) -> None:
    """Drop what one task left in this process, then collect: memory stays bounded per worker.

    The models (but those keyed in ``keep``) and the PDF layouts go; a Chinese document's
    layout holds about 100 MiB that only a full collection frees (WeasyPrint's boxes hold
    cycles), so a worker building 50 documents in turn would otherwise grow with each
    (20 Chinese resolutions: 778 MiB, against 288 MiB released)."""
    with _MODELS_LOCK:
        for key in [k for k in _MODELS if k not in keep]:
            del _MODELS[key]
    pdf = sys.modules.get(__package__ + ".writers.pdf")
    if pdf is not None:
        pdf.clear_layouts()
    if collect:
        gc.collect()


def prepare_reading(sources: list[Source], source_date_epoch: int | None = None) -> None:
    """Do ahead what reading needs once per process, then read ``sources`` (see :func:`read_model`).

    The AKN schema (0.15 s to parse, in libxml2 without the GIL) is parsed in a thread of its
    own while this one finds pandoc (pypandoc runs ``pandoc --version`` for every place pandoc
    may be) and reads the first documents, whose pandoc runs overlap with it too; their
    validation waits for the schema (``model``'s lock).  Errors are left for
    :func:`read_model` and ``validate`` to raise where they did before.

    Every model is validated, ours included: validation takes about 1 ms a document once the
    schema is parsed, and the parse is paid once per process (once in all for the resident
    builder and the forked workers, which inherit it).  libxml2 has no serialized form of a
    parsed schema to cache, and skipping validation for our reader's models would publish
    whatever model a reader bug made; the 0.15 s is overlapped instead.
    """
    from . import model

    def parse_schema():
        with contextlib.suppress(Exception):
            model.load_schema()

    schema = threading.Thread(target=parse_schema, name="parse-schema", daemon=True)
    schema.start()
    with contextlib.suppress(Exception):
        import pypandoc
        pypandoc.get_pandoc_path()
    for source in sources:
        read_model(source, source_date_epoch)
    schema.join()


def join_reading_threads() -> None:
    """Wait for the threads reading started in the background (the schema's parse: see
    ``model.load_schema_in_background`` and :func:`prepare_reading`): a process forked while one
    is inside libxml2 would inherit the schema's lock held for ever."""
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.name in ("parse-schema", "prepare-reading"):
            thread.join()


#: Text in each script the documents use, laid out once before the layout workers fork (see :func:`warm_fonts`).
_WARM_TEXT = {"zh": "联合国大会", "ar": "الجمعية العامة", "ru": "Генеральная Ассамблея",
              "en": "General Assembly", "fr": "Assemblée générale", "es": "Asamblea General"}


def warm_fonts(languages: set[str]) -> None:
    """Lay out a line of each language with the print stylesheet's fonts, and throw it away.

    A process's first PDF pays for what WeasyPrint and cffi set up on first use (the C types of
    ``ffi.new``, the first font files) and the faces it opens stay in this thread's font
    configuration (``pdf.font_configuration``), which every later layout uses; done before a
    fork, the workers inherit it.  Nothing of it reaches an output: fontconfig, Pango and
    HarfBuzz only cache what they read from the font files (a test compares the bytes).
    Each line costs a layout with the print stylesheet (0.08–0.18 s of CPU), so the worker pool
    (``pool.py``) warms one language only, the first layout's: what a worker saves on each further
    script is about 0.01 s."""
    import weasyprint

    from .languages import language
    from .writers.pdf import font_configuration, print_css

    for code in sorted(languages):
        with contextlib.suppress(Exception):
            lang = language(code)
            text = _WARM_TEXT.get(code, code)
            html = (f"<html lang='{code}' dir='{lang.direction}'><style>{print_css(lang, 'A4')}</style>"
                    f"<body><h1>{text}</h1><p>{text} <b>1</b> <i>2</i></p></body></html>")
            weasyprint.HTML(string=html).write_pdf(font_config=font_configuration())


#: The collector's thresholds once a build process is warm (CPython's are 700, 10, 10).  A layout
#: makes objects by the hundred thousand, most of them alive until the document is written, so
#: a young-generation collection every 700 allocations walked the same live boxes again and again:
#: 161 collections, about 0.09 s of CPU in a resident rebuild of the sample's five formats, against
#: 10 and 0.05 s at 10,000.  Garbage still goes at the task's end (:func:`release_task_state`).
GC_THRESHOLD = (10_000, 10, 10)


def warm_up(groups: list[list[Job]], source_date_epoch: int | None) -> None:
    """Before the first job of a build in one process (-j1; a worker pool warms its layout
    workers itself: ``pool.py``).

    This thread imports what the writers import lazily (:data:`PRELOAD`: WeasyPrint, about
    0.45 s of CPU that holds the GIL) while another prepares reading (:func:`prepare_reading`)
    and reads the first document, whose slow parts (the schema, pandoc) do not hold it: on two
    cores they overlap.  Then the heap is frozen (:func:`freeze_heap`).
    """
    reading = threading.Thread(target=prepare_reading, args=([groups[0][0].source] if groups else [],
                                                              source_date_epoch),
                               name="prepare-reading", daemon=True)
    reading.start()
    for module in sorted({m for group in groups for job in group for m in PRELOAD.get(job.fmt, ())}):
        # A failed import is reported by each job that needs it (exit 8: see missing_tool).
        with contextlib.suppress(Exception):
            importlib.import_module(module)
    reading.join()
    freeze_heap()


def freeze_heap(collect: bool = True) -> None:
    """Move what is alive to the collector's permanent generation (``gc.freeze``), after a full
    collection unless ``collect`` is False, and set the collector's thresholds to :data:`GC_THRESHOLD`.

    The collections during the build then stop walking the imported modules, and processes
    forked afterwards stop touching (and so copying) the pages the parent's objects live on."""
    if collect:
        gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def write_job(job: Job, tree, options: WriteOptions) -> bytes:
    """Step 4 for one job: its writer on the model (and a bilingual job's parallel model)."""
    from . import PROGRESS

    job_options = job.options(options)
    if job.parallel is not None:
        parallel, _diagnostics, error = read_model(job.parallel, options.source_date_epoch)
        if error is not None:
            raise error
        job_options = dataclasses.replace(job_options, parallel=parallel)
    PROGRESS.info("Step 4 – write %s", job.fmt)
    data = writer_of(job.fmt).load()(tree, job_options)
    if not isinstance(data, bytes):
        raise TypeError(f"the {job.fmt} writer returned {type(data).__name__}, not bytes")
    return data


def run_job(job: Job, options: WriteOptions, show_traceback: bool = False) -> JobResult:
    """Read (once per process) and write one job; never raises except KeyboardInterrupt."""
    from .model import document_info

    start = time.perf_counter()
    result = JobResult(job.output)
    try:
        tree, diagnostics, error = read_model(job.source, options.source_date_epoch)
        result.diagnostics = list(diagnostics)
        if error is not None:
            raise error
        result.language = document_info(tree).language
        # The same tree for every format: writers only read it (the model contract), and
        # the PDF writer's layout memo, which the page map reuses, is keyed on it.
        job_options = job.options(options)
        if job.fmt == "epub" and job_options.page_map is None:
            result.page_map = page_map(tree, job_options)
            job = dataclasses.replace(job, page_map=result.page_map)
        result.data = write_job(job, tree, options)
        if job.fmt == "pdf" and job.page_map_key is not None:
            result.page_map = page_map(tree, job_options)
    except KeyboardInterrupt:
        raise
    except PipelineError as exc:
        result.error, result.exit_code = exc.format(), exc.exit_code
        if show_traceback:
            result.error += "\n" + "".join(traceback.format_exception(exc))
    except Exception as exc:
        missing = missing_tool(exc)
        if missing is not None:
            result.error, result.exit_code = missing.format(), missing.exit_code
        else:
            result.exit_code = 1
            if show_traceback:
                result.error = "".join(traceback.format_exception(exc)).rstrip()
            else:
                result.error = (f"error: internal error while writing {job.output}: "
                                f"{exc.__class__.__name__}: {exc}\n"
                                "  hint: run again with --traceback and report it")
    result.seconds = time.perf_counter() - start
    return result


def missing_tool(exc: BaseException) -> ToolMissing | None:
    """A :class:`ToolMissing` (exit 8) when ``exc`` says a program or library is not installed.

    pypandoc raises ``OSError("No pandoc was found …")``; WeasyPrint's cffi raises ``OSError``
    ("cannot load library 'libpango-1.0-0'"); an uninstalled Python library is an ImportError."""
    text = str(exc)
    if isinstance(exc, OSError) and "pandoc" in text.lower() and "found" in text.lower():
        return ToolMissing("pandoc is not installed (the reader needs it for the inline syntax)",
                           hint="install the pipeline again (`make`): pypandoc-binary ships pandoc")
    if isinstance(exc, OSError) and "cannot load library" in text:
        return ToolMissing(f"a library WeasyPrint needs is not installed: {text.splitlines()[0]}",
                           hint="install the Debian packages of the Makefile's APT_BUILD (`make system`)")
    if isinstance(exc, ImportError) and exc.name and not exc.name.startswith(__package__):
        return ToolMissing(f"the Python library {exc.name!r} is not installed",
                           hint="install the pipeline again (`make`, or pip install the package)")
    return None


# ------------------------------------------------------------ the resident builder

class ResidentBuilder:
    """Repeated builds in one warm process: the engine of ``pipeline serve`` and of a watch mode.

    ::

        builder = ResidentBuilder(WriteOptions(source_date_epoch=0), files.environment)
        builder.warm(["html", "pdf"], {"zh"})          # optional: WeasyPrint, schema, pandoc, fonts now
        result = builder.build(source, "html")         # a JobResult: .data (bytes) or .error, .diagnostics
        pairs = builder.build_all([source], ["html", "pdf", "epub"])   # [(Job, JobResult)], PDF and EPUB together
        builder.close()                                # the layout worker ends (else at exit)

    Each call plans with the environment as it is now (``environment()`` is called every time,
    so an edited stylesheet or module changes the keys of what it reaches, and only those),
    then answers each job from what this process built under the same key, else from
    ``cache`` (a ``files.Cache``-like object, optional), else builds it with :func:`run_task`,
    the function the worker processes run.  The bytes are those of a cold one-process build
    (a test holds it).  What is kept: the outputs and models of the sources of the last call
    (by content key), nothing older, so memory does not grow with the edits.  Calls may
    overlap in two threads (``pipeline serve`` builds the HTML of an edit while the PDF of the
    one before is laid out): the memos are locked, and what a call leaves is released when no
    other call is running, so a layout is never dropped under a build that still needs it.

    **The layout worker.**  With two cores or more (``layout_workers=1``, the default then),
    :meth:`warm` forks one process from the warm builder (WeasyPrint imported, the schema
    parsed, the fonts loaded, the heap frozen: the worker inherits all of it) that stays
    alive and runs the tasks that lay out (:data:`PRELOAD`: PDF, and EPUB with it, which
    takes its page breaks from the same layout), while this process runs the other
    formats' tasks: a rebuild of every format takes the time of its PDF alone.  The worker
    reads the source itself (on the other core, at the same time as this process) and sends
    back the :class:`JobResult` values :func:`run_task` makes, the same bytes; it then
    releases the task's layout and runs the full collection a layout's cycles need (about
    0.1 s) after replying, not while a rebuild waits for it.  A worker that is busy (two
    overlapping calls) or dead leaves the task to this process, which then lays out itself,
    as with ``layout_workers=0``.  The worker is only forked by :meth:`warm` (a fork while
    another thread is inside a library could copy a lock held for ever); it ignores Ctrl-C
    (the parent's to handle) and ends when the parent closes the pipe or exits."""

    def __init__(self, options: WriteOptions, environment, cache=None, layout_workers: int | None = None) -> None:
        import os
        self.options = options
        self.environment = environment
        self.cache = cache
        self.layout_workers = (min(1, len(os.sched_getaffinity(0)) - 1) if layout_workers is None
                               else min(1, layout_workers))
        self._results: dict[str, JobResult] = {}
        self._lock = threading.Lock()
        self._running = 0
        self._laid_out = False          # a call since the last release laid a document out
        self._worker: LayoutWorker | None = None

    def warm(self, formats: list[str], languages: set[str] = frozenset({"en"})) -> None:
        """Pay the first-use costs now: the writers' imports (WeasyPrint only for the formats that
        lay out), the schema, pandoc's path, the fonts of ``languages``; then freeze the heap and,
        when ``formats`` lay out, fork the layout worker (see the class docstring)."""
        for fmt in formats:
            writer_of(fmt).load()
        prepare_reading([])
        modules = {m for fmt in formats for m in PRELOAD.get(fmt, ())}
        for module in sorted(modules):
            importlib.import_module(module)
        if "weasyprint" in modules:
            warm_fonts(set(languages))
        freeze_heap()
        if modules and self.layout_workers and (self._worker is None or not self._worker.alive):
            self._worker = LayoutWorker()

    @property
    def worker_pid(self) -> int | None:
        """The layout worker's process id while it runs (its CPU time is not this process's)."""
        return self._worker.pid if self._worker is not None and self._worker.alive else None

    def close(self) -> None:
        """End the layout worker (it also ends with this process)."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def build(self, source: Source, fmt: str, target_language: str | None = None,
              parallel: Source | None = None) -> JobResult:
        """One output of one source (``target_language``: an XLIFF job's)."""
        targets = [target_language] if target_language else None
        return self.build_all([source], [fmt], targets, parallel)[0][1]

    def build_all(self, sources: list[Source], formats: list[str], targets: list[str] | None = None,
                  parallel: Source | None = None) -> list[tuple[Job, JobResult]]:
        """Every output of ``sources`` in ``formats``, in plan order."""
        jobs = plan(sources, formats, self.options, self.environment(), targets, parallel)
        with self._lock:
            self._running += 1
            known = self._results
        done: dict[str, JobResult] = {}
        laid_out = False
        try:
            todo: list[Job] = []
            for job in jobs:
                hit = known.get(job.key) or self._from_cache(job)
                if hit is not None:
                    done[job.key] = hit
                else:
                    todo.append(job)
            for group, results in self._run(todo):
                for job, result in zip(group, results):
                    done[job.key] = result
                    if result.ok and self.cache is not None:
                        self.cache.put(job.key, result.data, {
                            "size": len(result.data), "language": result.language, "output": job.output,
                            "diagnostics": diagnostics_to_json(result.diagnostics)})
                laid_out = laid_out or results.in_process and any(job.fmt in PRELOAD for job in group)
        finally:
            with self._lock:      # held while releasing: no call starts meanwhile
                self._running -= 1
                self._results = {key: result for key, result in done.items() if result.ok}
                self._laid_out = self._laid_out or laid_out
                if self._running == 0:
                    keep = {model_key(s, self.options.source_date_epoch)
                            for s in [*sources, *([parallel] if parallel else [])]}
                    release_task_state(keep, collect=self._laid_out)
                    self._laid_out = False
        return [(job, done[job.key]) for job in jobs]

    def _run(self, todo: list[Job]):
        """Yield (task, its results) for the tasks of ``todo``: the tasks that lay out go to the
        layout worker when it is free (the largest first), the others run here meanwhile (the
        smallest first); a layout task the worker cannot take runs here."""
        worker = self._worker if self._worker is not None and self._worker.alive else None
        groups = tasks(todo, workers=2 if worker is not None else 1)
        if worker is None or not any(job.fmt in PRELOAD for group in groups for job in group) \
                or not worker.lock.acquire(blocking=False):
            for group in groups:
                yield group, TaskResults(run_task((group, self.options, False), release=False), True)
            return
        try:
            pending = collections.deque(groups)
            sent: list[Job] | None = None

            def send_next() -> list[Job] | None:
                group = next((g for g in pending if any(job.fmt in PRELOAD for job in g)), None)
                if group is not None:
                    pending.remove(group)
                    if not worker.send(group, self.options):
                        pending.appendleft(group)      # the worker is gone: run it here
                        return None
                return group

            sent = send_next()
            while pending or sent is not None:
                if sent is not None and (not pending or worker.ready()):
                    results = worker.receive()
                    if results is None:                # the worker died: its task runs here
                        pending.appendleft(sent)
                        sent = None
                        continue
                    yield sent, TaskResults(results, False)
                    sent = send_next() if worker.alive else None
                    continue
                group = pending.pop()                  # the smallest task left
                yield group, TaskResults(run_task((group, self.options, False), release=False), True)
        finally:
            if sent is not None and worker.alive:      # interrupted (Ctrl-C) with a task out: its reply
                worker.close()                         # would answer the next request
            worker.lock.release()

    def _from_cache(self, job: Job) -> JobResult | None:
        if self.cache is None:
            return None
        meta = self.cache.meta(job.key)
        data = self.cache.data(job.key, meta) if meta is not None else None
        if data is None:
            return None
        self.cache.touch(job.key)
        return JobResult(job.output, data, diagnostics_from_json(meta.get("diagnostics", [])),
                         language=meta.get("language"))


class TaskResults(list):
    """The results of one task, and whether this process ran it (else the layout worker did)."""

    def __init__(self, results: list[JobResult], in_process: bool) -> None:
        super().__init__(results)
        self.in_process = in_process


class LayoutWorker:
    """One process forked from a warm :class:`ResidentBuilder` that runs its layout tasks.

    A request is ``(jobs, options)`` on a pipe, the reply :func:`run_task`'s list of
    :class:`JobResult` (everything in and out pickles, as for the build's process pool).
    ``lock`` is held by the call that has a task out, so two calls never read each other's
    reply.  If the worker dies (killed, out of memory), :meth:`receive` says so with None and
    the caller runs the task itself."""

    def __init__(self) -> None:
        import multiprocessing
        import weakref

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_layout_worker_loop, args=(child, self._conn),
                                         name="layout-worker", daemon=True)
        self._process.start()
        child.close()                   # so that the worker's death is an EOF here
        self.lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _end_worker, self._process, self._conn)

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def alive(self) -> bool:
        return not self._conn.closed and self._process.is_alive()

    def send(self, jobs: list[Job], options: WriteOptions) -> bool:
        try:
            self._conn.send((jobs, options))
            return True
        except (OSError, EOFError):
            self.close()
            return False

    def ready(self) -> bool:
        """The reply is there (or the worker is gone): :meth:`receive` will not wait."""
        try:
            return self._conn.poll()
        except (OSError, EOFError):
            return True

    def receive(self) -> list[JobResult] | None:
        try:
            return self._conn.recv()
        except (OSError, EOFError):
            self.close()
            return None

    def close(self) -> None:
        self._finalizer()


def _end_worker(process, conn) -> None:
    """Close the pipe (the worker's loop ends at its EOF), then make sure it has ended."""
    conn.close()
    process.join(timeout=2)
    if process.is_alive():
        process.terminate()
        process.join(timeout=2)


def _layout_worker_loop(conn, parent_end) -> None:
    """The layout worker: each request's task run, its reply sent, then the task's state
    released (the models of the sources it read are kept for the next request) and collected,
    while the parent no longer waits."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    parent_end.close()
    while True:
        try:
            jobs, options = conn.recv()
        except (EOFError, OSError):
            return
        results = run_task((jobs, options, False), release=False)
        try:
            conn.send(results)
        except (OSError, EOFError):
            return
        keep = {model_key(source, options.source_date_epoch)
                for job in jobs for source in [job.source, *([job.parallel] if job.parallel else [])]}
        release_task_state(keep)


# ------------------------------------------------------------ cached diagnostics

def diagnostics_to_json(diagnostics: list[Diagnostic]) -> list[dict]:
    return [d.as_json() for d in diagnostics]


def diagnostics_from_json(items: list[dict]) -> list[Diagnostic]:
    """Back from :meth:`Diagnostic.as_json`, so a cached job still reports its warnings."""
    out = []
    for item in items:
        pos = (SourcePos(item["source"], item["line"], item["column"] or 1)
               if item.get("source") is not None and item.get("line") is not None else None)
        out.append(Diagnostic(Level[item["level"]], item["type"], item["message"], pos, item.get("hint")))
    return out


# -------------------------------------------------------------------- manifest

@dataclasses.dataclass(frozen=True)
class Artifact:
    path: str                       # inside the output folder
    fmt: str
    language: str | None
    source: str
    sha256: str
    size: int

    def as_json(self) -> dict:
        return {"path": self.path, "format": self.fmt, "language": self.language,
                "source": self.source, "sha256": self.sha256, "size": self.size}


MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


def artifact_language(job: Job, document_language: str | None) -> str | None:
    """The language of an artifact: the XLIFF file's target, else the document's."""
    return job.target_language if job.fmt == "xliff" else document_language


def manifest_bytes(artifacts: list[Artifact], tools: dict[str, str], source_date_epoch: int | None) -> bytes:
    """``manifest.json``: every artifact and what made it; no wall-clock time, so it reproduces too."""
    doc = {
        "manifest_version": 1,
        "source_date_epoch": source_date_epoch,
        "tools": dict(sorted(tools.items())),
        "artifacts": [a.as_json() for a in sorted(artifacts, key=lambda a: a.path)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode() + b"\n"


def sums_bytes(files: dict[str, bytes | str]) -> bytes:
    """``SHA256SUMS`` in the format ``sha256sum -c`` reads (name → bytes, or name → hex digest)."""
    lines = []
    for name in sorted(files):
        value = files[name]
        digest = value if isinstance(value, str) else sha256(value)
        lines.append(f"{digest}  {name}\n")
    return "".join(lines).encode()


# --------------------------------------------------------------------- summary

def summary_table(rows: list[dict]) -> str:
    """A plain-text table of the jobs: output, format, status, size, seconds."""
    header = ("output", "format", "status", "size", "seconds")
    body = [(r["path"], r["format"], r["status"], _size(r.get("size")),
             f"{r['seconds']:.2f}" if r.get("seconds") is not None else "")
            for r in sorted(rows, key=lambda r: r["path"])]
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) if i < 3 else str(c).rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths))).rstrip()
             for row in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    counts = collections.Counter(r["status"] for r in rows)
    lines.append(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    return "\n".join(lines)


def _size(n: int | None) -> str:
    if n is None:
        return ""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / 1024 / 1024:.1f} MiB"


def page_map(tree, options: WriteOptions) -> bytes:
    """The PDF edition's page map of the model (one layout with its PDF: the layout is memoized)."""
    from .writers.epub import page_map as make
    return make(tree, options)


def run_task(args: tuple, release: bool = True) -> list[JobResult]:
    """The jobs of one task in order, then the task's state released (one argument, as
    ``Executor.submit`` and Dask's ``client.submit`` pass it; everything in and out pickles;
    the resident builder releases on its own terms).

    A PDF job's page map goes to the EPUB job of the same document (the task carries it
    as bytes, like any input), so the EPUB needs no layout of its own."""
    jobs, options, show_traceback = args
    results = []
    made: dict[str, bytes] = {}
    try:
        for job in jobs:
            if job.fmt == "epub" and job.page_map is None and job.page_map_key in made:
                job = dataclasses.replace(job, page_map=made[job.page_map_key])
            result = run_job(job, options, show_traceback)
            if result.page_map is not None:
                made[job.page_map_key] = result.page_map
            results.append(result)
        return results
    finally:
        if release:
            release_task_state()
