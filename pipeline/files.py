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

from .build import CACHE_FORMAT, Environment, digest_files, sha256

PACKAGE_DIR = Path(__file__).resolve().parent
#: styles/ beside the package in a checkout (``pip install -e .``, as the Makefile does).
STYLES_DIR = PACKAGE_DIR.parent / "styles"

#: Debian packages whose versions change the bytes of the outputs (fonts, shaping, rendering).
DEBIAN_PACKAGES = ("fonts-noto-cjk", "fonts-noto-core", "fonts-dejavu-core",
                   "libpango-1.0-0", "libharfbuzz0b", "libfontconfig1")


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

    ``<dir>/v1/ab/abcdef….bin`` holds the bytes, ``….json`` what the build reported
    (diagnostics, language, the bytes' SHA-256).  Entries are written atomically, data
    first, so a reader finds either a whole entry or none; a damaged entry is a miss.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / f"v{CACHE_FORMAT}"

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.root / key[:2]
        return folder / f"{key}.bin", folder / f"{key}.json"

    def meta(self, key: str) -> dict | None:
        _, meta_path = self._paths(key)
        try:
            return json.loads(meta_path.read_bytes())
        except (FileNotFoundError, ValueError):
            return None

    def data(self, key: str, meta: dict) -> bytes | None:
        data_path, _ = self._paths(key)
        try:
            data = data_path.read_bytes()
        except FileNotFoundError:
            return None
        return data if sha256(data) == meta.get("sha256") else None

    def put(self, key: str, data: bytes, meta: dict) -> None:
        data_path, meta_path = self._paths(key)
        atomic_write(data_path, data)
        atomic_write(meta_path, json.dumps({**meta, "sha256": sha256(data)}, ensure_ascii=False).encode())

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
    status file; and pandoc is identified by its path, size and modification time.
    """
    import sys
    parts = []
    for path in [*sys.path, "/var/lib/dpkg/status", pandoc_path() or ""]:
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


def environment(cache_root: Path | None = None) -> Environment:
    """What the outputs depend on besides their source; ``cache_root`` remembers the tool versions."""
    return Environment(
        code=digest_files(read_tree(PACKAGE_DIR)),
        styles=digest_files(read_tree(STYLES_DIR)),
        tools=tool_versions(cache_root),
    )
