"""The disk side of the command line: atomic writes, the build cache, and what the build depends on (own files, styles, tool versions).

Only ``cli.py`` imports this module; ``build.py`` decides on values, this module
reads and writes them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .build import CACHE_FORMAT, MANIFEST, SUMS, Artifact, Environment, digest_files, sha256
from .diagnostics import OutputError

PACKAGE_DIR = Path(__file__).resolve().parent
#: styles/ beside the package in a checkout (``pip install -e .``, as the Makefile does).
STYLES_DIR = PACKAGE_DIR.parent / "styles"

#: Debian packages whose versions change the bytes of the outputs (fonts, shaping, rendering).
DEBIAN_PACKAGES = ("fonts-noto-cjk", "fonts-noto-core", "fonts-liberation2", "fonts-dejavu-core",
                   "libpango-1.0-0", "libharfbuzz0b", "libfontconfig1")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no reader ever sees a half-written file."""
    os.replace(stage(path, data), path)


def stage(path: Path, data: bytes) -> str:
    """Write ``data`` durably to a temporary file beside ``path``; return its name, for
    ``os.replace`` to put in place (or ``os.unlink`` to drop).  Nothing is left on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file, or None when it does not exist."""
    try:
        with open(path, "rb") as fh:
            return sha256(fh.read())
    except (FileNotFoundError, IsADirectoryError):
        return None


# ----------------------------------------------------------------- the cache

def default_cache_dir() -> Path:
    if os.environ.get("PIPELINE_CACHE_DIR"):
        return Path(os.environ["PIPELINE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "un-pipeline"


class Cache:
    """Built bytes by cache key (content-addressed: the key is the digest of every input).

    ``<dir>/v2/ab/abcdef….bin`` holds the bytes, ``….json`` what the build reported
    (diagnostics, language, the bytes' SHA-256 and size).  Entries are written atomically,
    data first, so a reader finds either a whole entry or none.  A damaged entry (bad JSON,
    missing fields, bytes that do not match) is a miss, listed in ``damaged`` so the build can
    say so; a cache that cannot be written (read-only, full) is reported once in
    ``write_error`` and the build goes on without it.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / f"v{CACHE_FORMAT}"
        self.damaged: list[Path] = []
        self.write_error: str | None = None

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.root / key[:2]
        return folder / f"{key}.bin", folder / f"{key}.json"

    def _read(self, path: Path) -> bytes | None:
        """The bytes of one file of the cache; None when missing (or unreadable: then damaged)."""
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            self.damaged.append(path)
            return None

    def meta(self, key: str) -> dict | None:
        meta_path = self._paths(key)[1]
        raw = self._read(meta_path)
        if raw is None:
            return None
        try:
            meta = json.loads(raw)
        except ValueError:
            meta = None
        if not valid_meta(meta) or meta.get("record") != record_digest(key, meta):
            self.damaged.append(meta_path)
            return None
        return meta

    def data(self, key: str, meta: dict) -> bytes | None:
        data_path = self._paths(key)[0]
        data = self._read(data_path)
        if data is None:
            return None
        if sha256(data) != meta.get("sha256") or len(data) != meta.get("size"):
            self.damaged.append(data_path)
            return None
        return data

    def put(self, key: str, data: bytes, meta: dict) -> None:
        if self.write_error is not None:
            return
        data_path, meta_path = self._paths(key)
        try:
            atomic_write(data_path, data)
            record = {**meta, "sha256": sha256(data), "size": len(data)}
            record["record"] = record_digest(key, record)
            atomic_write(meta_path, json.dumps(record, ensure_ascii=False).encode())
        except OSError as exc:
            self.write_error = f"{exc.filename or self.root}: {exc.strerror or exc}"

    def touch(self, key: str) -> None:
        """Mark an entry used now (its ``.json``'s time), so pruning keeps it longest."""
        try:
            os.utime(self._paths(key)[1])
        except OSError:
            pass

    def prune(self, max_bytes: int, keep: set[str]) -> tuple[int, int]:
        """Delete the least recently used entries until the cache holds at most ``max_bytes``,
        never one of ``keep`` (the current build's); return (entries deleted, bytes freed).

        The data goes before its ``.json``, so a concurrent build sees a miss, never half an entry."""
        entries = []
        for meta_path in self.root.glob("??/*.json"):
            data_path = meta_path.with_suffix(".bin")
            try:
                used = meta_path.stat().st_mtime
                size = meta_path.stat().st_size + (data_path.stat().st_size if data_path.exists() else 0)
            except OSError:
                continue
            entries.append((used, meta_path.stem, size, data_path, meta_path))
        total = sum(e[2] for e in entries)
        removed = freed = 0
        for _used, key, size, data_path, meta_path in sorted(entries):
            if total <= max_bytes:
                break
            if key in keep:
                continue
            for path in (data_path, meta_path):
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
            total -= size
            removed, freed = removed + 1, freed + size
        return removed, freed


def record_digest(key: str, meta: dict) -> str:
    """The digest a cache record carries of itself and its key: a record edited or damaged by
    hand (a wrong language or size, diagnostics lost) is a miss, never copied into a manifest."""
    fields = {k: v for k, v in meta.items() if k != "record"}
    return sha256(json.dumps([key, fields], sort_keys=True, ensure_ascii=False).encode())


def valid_meta(meta) -> bool:
    """A cache record as :meth:`Cache.put` writes it (anything else is a damaged entry)."""
    import re
    return (isinstance(meta, dict)
            and isinstance(meta.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", meta["sha256"]) is not None
            and isinstance(meta.get("size"), int) and meta["size"] >= 0
            and (meta.get("language") is None or isinstance(meta.get("language"), str))
            and isinstance(meta.get("diagnostics", []), list)
            and all(isinstance(d, dict) for d in meta.get("diagnostics", [])))


# --------------------------------------------------------------- the release

def output_error(exc: OSError, path: Path, what: str = "write") -> OutputError:
    """One clear message for a write that failed in the output folder."""
    import errno
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
              errno.EACCES: "permission denied", errno.EPERM: "permission denied",
              errno.EROFS: "the file system is read-only", errno.EISDIR: "a folder has that name",
              errno.ENOTDIR: "a file is in the way of the folder"}.get(exc.errno, exc.strerror or str(exc))
    hint = {errno.ENOSPC: "free some space (or build into another folder with -o) and run the build again",
            errno.EDQUOT: "free some space (or build into another folder with -o) and run the build again",
            errno.EISDIR: "remove or rename that folder, or build into another folder with -o",
            errno.ENOTDIR: "choose an output folder with -o whose path is made of folders"}.get(
        exc.errno, "make the folder writable, or build into another folder with -o")
    return OutputError(f"{path}: cannot {what} it: {reason}", hint)


@contextlib.contextmanager
def deferred_interrupt():
    """Ctrl-C (SIGINT) held back until the block ends, then raised (in the main thread only).

    A handler that notes the signal, not a blocked mask: the kernel may hand a process's
    signal to any thread (the worker pool has some), and Python raises it in the main one."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


class Release:
    """The output folder: the outputs, ``manifest.json`` and ``SHA256SUMS``, consistent at every moment.

    The manifest lists every output of every build into the folder (a document built later
    joins those already there) whose file is present with the bytes it lists.  It is rewritten
    after each finished output, so an interruption (Ctrl-C, a failing writer, ``kill -9``)
    leaves a manifest that describes the folder: an output being replaced is taken out of the
    manifest before its file is replaced and put back after, so ``sha256sum -c SHA256SUMS``
    passes whenever it runs.  Every failed write is an :class:`OutputError` naming the file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.problems: list[str] = []      # what opening it found and repaired (for the user)
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputError(f"{self.folder}: the output folder is a file",
                              "remove it, or choose another folder with -o")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(exc, self.folder, "create") from None
        try:    # the real reason, whoever runs it (access() says yes to root on a read-only mount)
            fd, probe = tempfile.mkstemp(prefix=".probe.", suffix=".part", dir=self.folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise output_error(exc, self.folder, "write in") from None
        # Temporary files of a build that was killed (kill -9) between writing and renaming.
        for stale in self.folder.glob(".*.part"):
            with contextlib.suppress(OSError):
                stale.unlink()
        self.artifacts: dict[str, Artifact] = self._existing()
        self.header: tuple[dict, int | None] = ({}, None)

    def _existing(self) -> dict[str, Artifact]:
        """The artifacts the folder's manifest lists and still holds (same bytes); the rest dropped."""
        path = self.folder / MANIFEST
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise output_error(exc, path, "read") from None
        try:
            items = json.loads(raw)["artifacts"]
            listed = [Artifact(a["path"], a["format"], a.get("language"), a["source"], a["sha256"], a["size"])
                      for a in items]
        except (ValueError, KeyError, TypeError) as exc:
            self.problems.append(f"{path} was not a manifest this pipeline wrote ({exc.__class__.__name__}); "
                                 "it now lists the outputs of this build only")
            return {}
        kept = {}
        for artifact in listed:
            if (not artifact.path or "/" in artifact.path or artifact.path in (MANIFEST, SUMS)
                    or artifact.path.startswith(".")):
                continue
            if file_sha256(self.folder / artifact.path) == artifact.sha256:
                kept[artifact.path] = artifact
            else:
                self.problems.append(f"{self.folder / artifact.path} is missing or changed since the last "
                                     "build; it is no longer listed in the manifest")
        return kept

    def target(self, name: str) -> Path:
        return self.folder / name

    def write_output(self, artifact: Artifact, data: bytes | None = None) -> None:
        """Put one finished output in the folder (``data``: its bytes, when they must be written)
        and list it."""
        path = self.folder / artifact.path
        if data is not None:
            # The bytes first, beside the file; then, for as short a time as two small writes,
            # the output is unlisted while it is replaced.
            try:
                tmp = stage(path, data)
            except OSError as exc:
                raise output_error(exc, path) from None
            # Ctrl-C waits for the end of these few writes (kill -9 cannot: it may leave this one
            # output unlisted, whole, until the next build lists it).
            with deferred_interrupt():
                try:
                    if artifact.path in self.artifacts:
                        del self.artifacts[artifact.path]
                        self.write_manifest()
                    os.replace(tmp, path)
                except OSError as exc:
                    raise output_error(exc, path) from None
                finally:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(tmp)
                self.artifacts[artifact.path] = artifact
                self.write_manifest()
        elif self.artifacts.get(artifact.path) != artifact:
            self.artifacts[artifact.path] = artifact
            self.write_manifest()

    def set_header(self, tools: dict, source_date_epoch: int | None) -> None:
        self.header = (tools, source_date_epoch)

    def write_manifest(self) -> None:
        """``manifest.json`` and ``SHA256SUMS`` for the artifacts listed now.

        SHA256SUMS lists the manifest too, and two files cannot be replaced at once: while the
        manifest changes, SHA256SUMS lists the outputs only, so that every line of it holds at
        every moment.  Unchanged files are not rewritten: a no-op rebuild writes nothing."""
        from .build import manifest_bytes, sums_bytes
        if not self.artifacts and not (self.folder / MANIFEST).exists():
            return      # nothing built, nothing listed before: no release to describe
        tools, epoch = self.header
        manifest = manifest_bytes(list(self.artifacts.values()), tools, epoch)
        outputs = {a.path: a.sha256 for a in self.artifacts.values()}
        if file_sha256(self.folder / MANIFEST) != sha256(manifest):
            self._replace(SUMS, sums_bytes(outputs))
            self._replace(MANIFEST, manifest)
        self._replace(SUMS, sums_bytes({**outputs, MANIFEST: sha256(manifest)}))

    def _replace(self, name: str, data: bytes) -> None:
        path = self.folder / name
        if file_sha256(path) == sha256(data):
            return
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise output_error(exc, path) from None


# ------------------------------------------------------------ the environment

def read_tree(root: Path, suffixes: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Every file under ``root`` (relative path → bytes), skipping caches."""
    if not root.is_dir():
        return {}
    files = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if suffixes and path.suffix not in suffixes:
            continue
        files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


@functools.lru_cache(maxsize=1)
def tool_versions(cache_root: Path | None = None) -> dict[str, str]:
    """Versions of what makes the bytes: pipeline, WeasyPrint, pandoc, lxml/libxml2, fonts and shaping libraries.

    Asking them (importlib.metadata, pandoc --version, dpkg-query) took a third of a no-op
    rebuild, so they are remembered in the cache folder until :func:`install_stamp` changes.
    """
    memo = (cache_root or default_cache_dir()) / "tool-versions.json"
    stamp = install_stamp()
    try:
        known = json.loads(memo.read_bytes())
        if known.get("stamp") == stamp:
            return known["versions"]
    except (OSError, ValueError, AttributeError, KeyError):
        pass
    versions = ask_tool_versions()
    with contextlib.suppress(OSError):
        atomic_write(memo, json.dumps({"stamp": stamp, "versions": versions}, sort_keys=True).encode())
    return versions


def install_stamp() -> str:
    """Changes whenever a Python or Debian package is installed, upgraded or removed.

    Installing or removing a distribution adds or deletes its ``*.dist-info`` folder, which
    changes the modification time of the folder on ``sys.path`` holding it; dpkg rewrites its
    status file; and pandoc is identified by its path, size and modification time.  The current
    folder is left out (``python -m pipeline`` puts it on ``sys.path``): its time changes with
    every output folder made or file saved there, which asked every tool its version again
    (pandoc, dpkg: about 0.4 s) on most builds.
    """
    import sys
    parts = []
    here = os.path.realpath(".")
    packages = [p for p in sys.path if p and os.path.realpath(p) != here]
    for path in [*packages, "/var/lib/dpkg/status", pandoc_path() or ""]:
        with contextlib.suppress(OSError):
            stat = os.stat(path or ".")
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return sha256("\n".join(parts).encode())


def ask_tool_versions() -> dict[str, str]:
    import importlib.metadata

    from lxml import etree

    versions: dict[str, str] = {}
    for dist in ("un-pipeline", "weasyprint", "pydyf", "pypandoc-binary", "pikepdf", "PyICU"):
        try:
            versions[dist.lower()] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist.lower()] = "not installed"
    versions["pipeline"] = versions.pop("un-pipeline")
    versions["lxml"] = etree.__version__
    versions["libxml2"] = ".".join(map(str, etree.LIBXML_VERSION))
    versions["pandoc"] = pandoc_version()
    try:
        import icu
        versions["icu"] = icu.ICU_VERSION
    except ImportError:
        versions["icu"] = "not installed"
    versions.update(debian_versions())
    return versions


def pandoc_path() -> str | None:
    """The pandoc binary pypandoc-binary ships (found without importing pypandoc), else pandoc on PATH."""
    import importlib.util
    spec = importlib.util.find_spec("pypandoc")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidate = Path(folder) / "files" / "pandoc"
            if candidate.is_file():
                return str(candidate)
    return shutil.which("pandoc")


def pandoc_version() -> str:
    """The version of the pandoc binary (``pandoc --version``)."""
    path = pandoc_path()
    if not path:
        return "not installed"
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return "not installed"
    first = out.splitlines()[0] if out else ""
    return first.split()[-1] if first else "unknown"


def debian_versions() -> dict[str, str]:
    """``dpkg-query`` versions of the font and shaping packages; font file hashes where there is no dpkg."""
    if shutil.which("dpkg-query"):
        proc = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package}\t${Version}\t${db:Status-Abbrev}\n", *DEBIAN_PACKAGES],
            capture_output=True, text=True)
        found = {}
        for line in proc.stdout.splitlines():
            name, version, status = (line.split("\t") + ["", ""])[:3]
            if status.startswith("ii"):
                found[name] = version
        return {f"debian:{p}": found.get(p, "not installed") for p in DEBIAN_PACKAGES}
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True).stdout
        files = {}
        for name in sorted(set(out.split())):
            with contextlib.suppress(OSError):
                files[name] = Path(name).read_bytes()
        return {"fonts": digest_files(files)}
    return {"fonts": "unknown (no dpkg-query, no fc-list)"}


#: Libraries whose behaviour depends on more than their own version: the tools behind them.
LIBRARY_TOOLS = {
    "weasyprint": ("weasyprint", "pydyf", *(f"debian:{p}" for p in DEBIAN_PACKAGES), "fonts"),
    "pydyf": ("pydyf",),
    "pypandoc": ("pypandoc-binary", "pandoc"),
    "lxml": ("lxml", "libxml2"),
    "icu": ("pyicu", "icu"),
    "pikepdf": ("pikepdf",),
    "yaml": ("pyyaml",),
}


def environment(cache_root: Path | None = None, package_dir: Path | None = None,
                styles_dir: Path | None = None) -> Environment:
    """What the outputs depend on besides their source; ``cache_root`` remembers the tool versions."""
    from .build import Module
    package_dir = package_dir or PACKAGE_DIR
    # What each module imports and names is remembered in the cache folder by its digest (parsing
    # every module took 0.3 s of each cold process: most of a no-op rebuild), and the versions
    # of the libraries no table names until a package is installed or removed.
    memo_path = (cache_root or default_cache_dir()) / "environment-memo.json"
    try:
        memo = json.loads(memo_path.read_bytes())
        modules, libraries = dict(memo["modules"]), dict(memo["libraries"])
        if memo.get("stamp") != install_stamp():
            libraries = {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        modules, libraries = {}, {}
    known = (len(modules), len(libraries))
    code = {}
    for path, data in read_tree(package_dir).items():     # the modules, and the data files they name
        if not (path.endswith(".py") or path.startswith("data/")):
            continue
        digest = sha256(data)
        entry = modules.get(f"{path}:{digest}")
        if isinstance(entry, list) and len(entry) == 3:
            code[path] = Module(digest, *(tuple(x) for x in entry))
        else:
            code[path] = describe_module(path, data)
            modules[f"{path}:{digest}"] = [list(code[path].imports), list(code[path].libraries),
                                          list(code[path].styles)]
    styles = {name: sha256(data) for name, data in read_tree(styles_dir or STYLES_DIR).items()}
    versions = dict(tool_versions(cache_root))
    # Libraries no table names: their installed version (a new dependency is keyed at once).
    for module in code.values():
        for library in module.libraries:
            if library not in LIBRARY_TOOLS and library not in versions:
                if library not in libraries:
                    libraries[library] = library_version(library)
                versions[library] = libraries[library]
    if (len(modules), len(libraries)) != known:
        live = {f"{path}:{module.sha256}" for path, module in code.items()}
        with contextlib.suppress(OSError):
            atomic_write(memo_path, json.dumps({
                "stamp": install_stamp(), "libraries": libraries,
                # this package's modules now, and as many older ones (other checkouts share the cache)
                "modules": {k: v for k, v in modules.items() if k in live or len(modules) < 2000}},
                sort_keys=True).encode())
    return Environment(code=code, styles=styles, tools=versions, library_tools=LIBRARY_TOOLS)


@functools.lru_cache(maxsize=512)
def describe_module(path: str, data: bytes):
    """A package file's digest, the package files and libraries it imports, the stylesheets it
    names (memoized on its path and bytes: the resident builder recomputes the environment often)."""
    import ast
    import re
    import sys

    from .build import Module

    if not path.endswith(".py"):
        return Module(sha256(data))
    # The package a relative import starts from (for an __init__.py, its own package).
    module_package = ["pipeline", *path.split("/")[:-1]]
    try:
        tree = ast.parse(data)
    except SyntaxError:
        return Module(sha256(data))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module_package[: len(module_package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names.add(mod)
            names.update(f"{mod}.{alias.name}" for alias in node.names)
    # Package data is read by path ("data/reference.docx"): a module depends on the files it names.
    imports = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
               and isinstance(node.value, str) and re.fullmatch(r"data/[\w.-]+", node.value)}
    libraries = set()
    for name in names:
        top = name.split(".")[0]
        if top == "pipeline":
            parts = name.split(".")[1:]
            # Importing a.b.c runs a/__init__, a/b/__init__ and a/b/c.
            for i in range(len(parts) + 1):
                imports.update({"/".join(parts[:i] + ["__init__.py"]), "/".join(parts[:i]) + ".py"})
        elif top and top not in sys.stdlib_module_names and top != "__future__":
            libraries.add(top)
    # Stylesheets are read by name (``stylesheet("print.css")``): string constants, not prose.
    styles = {node.value for node in ast.walk(tree)
              if isinstance(node, ast.Constant) and isinstance(node.value, str)
              and re.fullmatch(r"[\w-]+\.css", node.value)}
    return Module(sha256(data), tuple(sorted(i for i in imports if i and not i.startswith(".")
                                             and i != path)),
                  tuple(sorted(libraries)), tuple(sorted(styles)))


@functools.lru_cache(maxsize=None)
@functools.cache
def _distributions() -> dict[str, list[str]]:
    """Top-level module → the installed distributions providing it.  importlib reads the metadata
    of every installed distribution for it (50 ms here): once per process, not once per library."""
    import importlib.metadata
    return importlib.metadata.packages_distributions()


def library_version(name: str) -> str:
    """The installed version of the distribution providing the top-level module ``name``."""
    import importlib.metadata
    for dist in _distributions().get(name, []):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            return f"{dist} {importlib.metadata.version(dist)}"
    return "unknown"
