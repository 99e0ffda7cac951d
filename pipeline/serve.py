"""Live preview: source files in, a local web page out — each document's HTML and PDF side by side,
its diagnostics linked to their source lines, rebuilt when a source or a stylesheet changes on disk.

``pipeline serve source/`` runs one resident process on the build's resident engine
(``build.ResidentBuilder``): the writers (WeasyPrint), the schema and the fonts load once (with two
cores, a layout worker forked from it once warm lays out each PDF, so the HTML of the next edit is
built meanwhile without waiting for the interpreter), and each rebuild goes through the build's content-addressed cache (``files.Cache`` with the keys of
``build.plan``), so an unchanged document is never rebuilt and a restarted server shows the last
build at once.  Like ``cli.py`` it reads files (it watches them: that is its job); it
writes nothing but the cache.

* HTTP: Starlette (a small, maintained ASGI toolkit) served by uvicorn on 127.0.0.1 unless told
  otherwise.  An ASGI app keeps the file watcher, the rebuilds and the browsers' event streams in
  one event loop without a thread per client, which WSGI (Flask, Bottle) would need for
  Server-Sent Events.
* Watching: ``watchfiles`` (Rust ``notify``: inotify on Linux; it debounces bursts of events, so
  an editor's save-as-rename is one change) on the sources' folders and ``styles/``.
* Reload: Server-Sent Events (``/events``; the browser's ``EventSource`` reconnects by itself);
  the page reloads when its document was rebuilt, the HTML as soon as it is ready, the PDF
  after it.
* A source that cannot be read shows its error (file, line, column, hint) in place of the
  outputs, never the last good build.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import html
import json
import logging
import socket
import sys
import time
from pathlib import Path
from typing import Callable

from . import build
from .diagnostics import Diagnostic, Level
from .files import Cache, environment
from .names import SOURCE_SUFFIXES, metadata_from_name
from .writers import STYLES_DIR, WriteOptions          # the stylesheets the writers read

LOG = logging.getLogger("pipeline.serve")

#: What a preview shows of each document.
FORMATS = ("html", "pdf")


def preview_builder(cache_root: Path, options: WriteOptions) -> build.ResidentBuilder:
    """The build's resident engine on the build cache in ``cache_root``.

    Each call plans with the environment as it is on disk then (an edited stylesheet changes
    the keys of the formats it reaches), and the engine releases each layout after its build,
    so a stylesheet edit needs nothing more."""
    return build.ResidentBuilder(options, lambda: environment(cache_root), Cache(cache_root))


@dataclasses.dataclass
class Preview:
    """What the page of one document shows."""

    path: Path
    stem: str
    version: int = 0
    state: str = "building"                 # building, ready, error
    outputs: dict[str, bytes] = dataclasses.field(default_factory=dict)
    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    error: str | None = None
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)
    source: build.Source | None = None      # as last read
    generation: int = 0                     # bumped at each change: a PDF of an older one is dropped


class PreviewServer:
    """The previews of a set of sources, rebuilt as they change, and the browsers listening."""

    def __init__(self, sources: list[Path], folders: list[Path], builder: build.ResidentBuilder | None,
                 load_source: Callable[[Path], build.Source]) -> None:
        self.builder, self.load_source = builder, load_source
        self.folders = folders
        self.previews: dict[str, Preview] = {}
        for path in sources:
            self.track(path)
        self.listeners: set[asyncio.Queue] = set()
        self.html_lane, self.pdf_lane = asyncio.Lock(), asyncio.Lock()
        self.tasks: set[asyncio.Task] = set()

    def track(self, path: Path) -> Preview:
        try:
            source = self.load_source(path)
            stem = self.document_stem(source)
            if stem in self.previews and self.previews[stem].path != path:
                stem = source.stem         # a second file of one document: both stay in view
        except Exception:                  # unreadable now: its page will say why
            stem = path.stem
        preview = Preview(path, stem)
        self.previews[preview.stem] = preview
        return preview

    def document_stem(self, source: build.Source) -> str:
        """The stem a build gives the source's outputs (``cli.identify``'s rule): the file's when
        its name or sidecar tells the symbol, else the document's symbol and language
        (``N2342312.pdf`` → ``A_RES_78_128-EN``), read from the document (the model is memoized:
        the first build does not read it again)."""
        from .model import document_info
        from .names import keeps_name, output_stem
        from .readers.text import ReadOptions
        if keeps_name(source.name):
            return source.stem
        if source.sidecar is not None and ReadOptions.from_toml(source.sidecar, source.sidecar_name or "").symbol:
            return source.stem
        epoch = self.builder.options.source_date_epoch if self.builder is not None else None
        tree, _diagnostics, error = build.read_model(source, epoch)
        if error is not None:
            return source.stem
        info = document_info(tree)
        return output_stem(info.symbol, info.language)

    # -- rebuilding ---------------------------------------------------------
    async def start(self) -> None:
        """Warm the engine once (WeasyPrint, the schema, pandoc, the fonts of the documents'
        languages), then build every document."""
        languages = {metadata_from_name(p.path.name).get("language") or "en" for p in self.previews.values()}
        await asyncio.to_thread(self.builder.warm, list(FORMATS), languages)
        await self.rebuild(list(self.previews.values()))

    async def rebuild(self, previews: list[Preview]) -> None:
        """Each document's HTML at once, one after the other; its PDF in a second lane, so that a
        long layout never holds up the HTML of the next edit.  Only the latest version of a
        document is laid out: a PDF whose source changed meanwhile is not built."""
        async with self.html_lane:
            for preview in previews:
                preview.generation += 1
                try:
                    preview.source = await asyncio.to_thread(self.load_source, preview.path)
                except Exception as exc:           # vanished or unreadable between event and read
                    self.fail(preview, f"{preview.path}: cannot be read: {exc}")
                    continue
                result = await self.build_one(preview, "html")
                preview.outputs = {}
                preview.diagnostics = list(result.diagnostics)
                self.settle(preview, "html", result)
                if result.ok:
                    self.tasks.add(task := asyncio.create_task(self.build_pdf(preview, preview.generation)))
                    task.add_done_callback(self.tasks.discard)

    async def build_pdf(self, preview: Preview, generation: int) -> None:
        async with self.pdf_lane:
            if preview.generation != generation or preview.state == "error":
                return
            result = await self.build_one(preview, "pdf")
            if preview.generation == generation:
                self.settle(preview, "pdf", result)

    async def build_one(self, preview: Preview, fmt: str) -> build.JobResult:
        start = time.perf_counter()
        result = await asyncio.to_thread(self.builder.build, preview.source, fmt)
        preview.seconds[fmt] = time.perf_counter() - start
        LOG.info("%s: %s %s in %.2f s", preview.path, fmt, "built" if result.ok else "failed", preview.seconds[fmt])
        return result

    def settle(self, preview: Preview, fmt: str, result: build.JobResult) -> None:
        if result.ok:
            preview.outputs[fmt] = result.data
            preview.state, preview.error = "ready", None
            self.publish(preview, fmt)
        else:
            self.fail(preview, result.error or "the build failed")

    def fail(self, preview: Preview, error: str) -> None:
        preview.state, preview.error, preview.outputs = "error", error, {}
        self.publish(preview, "error")

    def publish(self, preview: Preview, part: str) -> None:
        preview.version += 1
        event = json.dumps({"stem": preview.stem, "version": preview.version, "part": part})
        for queue in list(self.listeners):
            queue.put_nowait(event)

    # -- watching -----------------------------------------------------------
    def affected(self, changes) -> tuple[list[Preview], bool]:
        """The previews a set of watchfiles changes touches, and whether a stylesheet changed."""
        from watchfiles import Change
        styles = False
        touched: dict[str, Preview] = {}
        for change, raw in changes:
            path = Path(raw).resolve()
            if path.is_relative_to(STYLES_DIR.resolve()):
                styles = True
                continue
            name = path.name
            if name.endswith(".meta.toml"):
                # The sidecar of its source's file name: a preview named by its document's
                # symbol (N2342312.pdf → A_RES_78_117-EN) has N2342312.meta.toml.
                from .cli import sidecar_path
                for preview in self.previews.values():
                    if sidecar_path(preview.path).resolve() == path:
                        touched[preview.stem] = preview
                continue
            if not (path.suffix.lower() in (*SOURCE_SUFFIXES, ".pdf", ".xml")) or name.startswith("."):
                continue
            known = next((p for p in self.previews.values() if p.path.resolve() == path), None)
            if change == Change.deleted:
                if known is not None:
                    self.fail(known, f"{known.path}: the file was deleted")
                continue
            if known is None and any(path.parent == f.resolve() for f in self.folders):
                known = self.track(path)
            if known is not None:
                touched[known.stem] = known
        return list(touched.values()), styles

    async def watch(self, stop: asyncio.Event) -> None:
        from watchfiles import awatch
        paths = [str(f) for f in self.folders]
        if STYLES_DIR.is_dir():
            paths.append(str(STYLES_DIR))
        async for changes in awatch(*paths, stop_event=stop, debounce=400, step=30):
            previews, styles = self.affected(changes)
            if styles:
                previews = list(self.previews.values())
            if previews:
                await self.rebuild(previews)


# ------------------------------------------------------------------- the web

PAGE_CSS = """
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; display: grid; grid-template-rows: auto 1fr auto; height: 100vh; overflow: hidden; }
header { display: flex; gap: 1em; align-items: baseline; padding: .4em 1em; border-bottom: 1px solid #8888; }
header h1 { font-size: 1.1em; margin: 0; }
header nav a { margin-inline-end: .8em; }
.status { margin-inline-start: auto; font-size: .9em; }
main { display: grid; grid-template-columns: 1fr 1fr; min-height: 0; }
main iframe, main object { width: 100%; height: 100%; border: 0; border-inline-end: 1px solid #8888; }
main.broken { display: block; padding: 1em 2em; overflow: auto; }
pre.error { white-space: pre-wrap; font-size: 1.05em; padding: 1em; border: 2px solid #c00; border-radius: 4px; }
section.diagnostics { max-height: 25vh; overflow: auto; padding: 0 1em; border-top: 1px solid #8888; font-size: .9em; }
.level-warning { color: #a60; } .level-error { color: #c00; } .level-info { color: #666; }
ol.source { font-family: ui-monospace, monospace; white-space: pre-wrap; }
ol.source li:target { background: #ff06; }
"""

RELOAD_JS = """
const stem = document.body.dataset.stem, shown = Number(document.body.dataset.version);
const events = new EventSource("/events");
events.onmessage = (e) => {
  const d = JSON.parse(e.data);
  if (d.part === "current" && stem === "") return;      // the list of documents: only changes reload it
  if ((stem === "" || d.stem === stem) && d.version > shown) location.reload();
};
"""


def page(title: str, body: str, stem: str = "", version: int = 0) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width"><style>{PAGE_CSS}</style></head>'
            f'<body data-stem="{html.escape(stem)}" data-version="{version}">{body}'
            f'<script>{RELOAD_JS}</script></body></html>')


def diagnostics_list(preview: Preview) -> str:
    items = []
    for d in sorted(preview.diagnostics, key=lambda d: (-d.level, d.pos.line if d.pos else 0)):
        where = ""
        if d.pos is not None:
            where = (f'<a href="/source/{html.escape(preview.stem)}#L{d.pos.line}">'
                     f'{html.escape(Path(d.pos.path).name)}:{d.pos.line}:{d.pos.column}</a> ')
        hint = f"<br><small>hint: {html.escape(d.hint)}</small>" if d.hint else ""
        level = Level(d.level).name.lower()
        items.append(f'<li class="level-{level}">{where}{level}: {html.escape(d.message)} '
                     f'[{html.escape(d.code)}]{hint}</li>')
    shown = sum(1 for d in preview.diagnostics if d.level >= Level.WARNING)
    return (f'<section class="diagnostics" aria-label="Diagnostics"><h2>Diagnostics: {shown} warning(s), '
            f'{len(preview.diagnostics) - shown} repair(s)</h2><ol>{"".join(items)}</ol></section>')


def document_page(server: PreviewServer, preview: Preview) -> str:
    nav = " ".join(f'<a href="/doc/{html.escape(s)}">{html.escape(s)}</a>' for s in sorted(server.previews))
    seconds = ", ".join(f"{fmt} {s:.2f} s" for fmt, s in preview.seconds.items())
    status = {"building": "building…", "ready": f"built ({seconds})", "error": "cannot be built"}[preview.state]
    head = (f'<header><h1>{html.escape(preview.path.name)}</h1><nav>{nav}</nav>'
            f'<span class="status" role="status">{status} · version {preview.version}</span></header>')
    if preview.state == "error":
        main = (f'<main class="broken"><h2>This source cannot be built</h2>'
                f'<pre class="error" role="alert">{html.escape(preview.error or "")}</pre>'
                f'<p>The preview updates as soon as the file is fixed and saved.</p></main>')
    else:
        stem, v = html.escape(preview.stem), preview.version
        panes = []
        if "html" in preview.outputs:
            panes.append(f'<iframe id="html" title="HTML" src="/doc/{stem}/html?v={v}"></iframe>')
        else:
            panes.append('<p>building the HTML…</p>')
        if "pdf" in preview.outputs:
            panes.append(f'<object id="pdf" title="PDF" type="application/pdf" data="/doc/{stem}/pdf?v={v}">'
                         f'<a href="/doc/{stem}/pdf?v={v}">the PDF</a></object>')
        else:
            panes.append('<p>building the PDF…</p>')
        main = f'<main>{"".join(panes)}</main>'
    return page(f"{preview.path.name} — preview", head + main + diagnostics_list(preview), preview.stem,
                preview.version)


def source_lines(path: Path) -> tuple[list[str] | None, str]:
    """The lines a diagnostic's line number counts in (a Word file: its paragraphs), and a note."""
    from .readers import source_kind
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"{path} cannot be read: {exc.strerror}"
    kind = source_kind(data)
    if kind == "docx":
        from .readers.docx import paragraph_texts
        try:
            return paragraph_texts(data, str(path)), ("A Word file: line N of a diagnostic is its N-th "
                                                      "paragraph (the footnotes' paragraphs follow the body's).")
        except Exception as exc:               # its page shows the reading error
            return None, f"{path} cannot be read: {exc}"
    if kind == "pdf":
        return None, "A PDF file: open it to find a diagnostic's page."
    try:
        return data.decode("utf-8").split("\n"), ""
    except UnicodeDecodeError:
        return None, f"{path} is not UTF-8 text: its page says where."


def make_app(server: PreviewServer):
    """The Starlette application of ``server``: pages, outputs, sources and the event stream."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
    from starlette.routing import Route

    def lookup(request) -> Preview:
        from starlette.exceptions import HTTPException
        preview = server.previews.get(request.path_params["stem"])
        if preview is None:
            raise HTTPException(404, "no such document")
        return preview

    async def index(request):
        if len(server.previews) == 1:
            return RedirectResponse(f"/doc/{next(iter(server.previews))}")
        items = "".join(f'<li><a href="/doc/{html.escape(s)}">{html.escape(p.path.name)}</a> ({p.state})</li>'
                        for s, p in sorted(server.previews.items()))
        return HTMLResponse(page("Preview", f"<header><h1>Documents</h1></header><main><ul>{items}</ul></main>"))

    async def document(request):
        return HTMLResponse(document_page(server, lookup(request)))

    async def output(request):
        preview, fmt = lookup(request), request.path_params["fmt"]
        data = preview.outputs.get(fmt)
        if data is None:
            return Response("not built (yet)", status_code=404)
        media = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}[fmt]
        return Response(data, media_type=media, headers={"Cache-Control": "no-store"})

    async def source(request):
        preview = lookup(request)
        lines, note = await asyncio.to_thread(source_lines, preview.path)
        body = f"<p>{html.escape(note)}</p>" if note else ""
        if lines is not None:
            body += '<ol class="source">' + "".join(f'<li id="L{i}">{html.escape(line) or " "}</li>'
                                                    for i, line in enumerate(lines, start=1)) + "</ol>"
        return HTMLResponse(page(preview.path.name, f'<header><h1><a href="/doc/{html.escape(preview.stem)}">'
                                                    f'{html.escape(preview.path.name)}</a></h1></header>'
                                                    f'<main class="broken">{body}</main>', preview.stem,
                                 preview.version))

    async def events(request):
        queue: asyncio.Queue = asyncio.Queue()
        server.listeners.add(queue)

        async def stream():
            try:
                yield "retry: 500\n\n"
                # Each document's version now: a page rendered before a change and connected after
                # it (reloading while the error of a broken save was published) would miss it.
                for preview in list(server.previews.values()):
                    yield "data: " + json.dumps({"stem": preview.stem, "version": preview.version,
                                                 "part": "current"}) + "\n\n"
                while True:
                    try:
                        event = await asyncio.wait_for(queue.get(), timeout=15)
                        yield f"data: {event}\n\n"
                    except asyncio.TimeoutError:
                        yield ": keep-alive\n\n"
            finally:
                server.listeners.discard(queue)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        stop = asyncio.Event()
        watcher = asyncio.create_task(server.watch(stop))
        first = asyncio.create_task(server.start())
        yield
        stop.set()
        for task in (first, watcher, *server.tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    return Starlette(routes=[
        Route("/", index), Route("/events", events), Route("/doc/{stem}", document),
        Route("/doc/{stem}/{fmt:str}", output), Route("/source/{stem}", source),
    ], lifespan=lifespan)


def serve(sources: list[Path], folders: list[Path], host: str, port: int, cache_root: Path,
          options: WriteOptions, load_source: Callable[[Path], build.Source]) -> None:
    """Run the preview until interrupted; prints the address once listening (``port`` 0: any free port)."""
    import uvicorn

    server = PreviewServer(sources, folders, preview_builder(cache_root, options), load_source)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    address = sock.getsockname()
    url = f"http://{'[' + host + ']' if family == socket.AF_INET6 else host}:{address[1]}/"
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    print(f"serving {len(sources)} document(s) on {url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    config = uvicorn.Config(make_app(server), log_level="warning", timeout_graceful_shutdown=1,
                            lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
