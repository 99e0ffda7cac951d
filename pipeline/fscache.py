"""The build cache on any fsspec filesystem: cache keys and built bytes in, the same bytes out, on ``file://``, ``s3://``, ``gs://`` or ``memory://``.

``pipeline build --cache URL`` shares one cache between machines and builds.  It is the
interface of the local folder cache (``files.Cache``: ``meta``, ``data``, ``put``, ``touch``,
``prune``) and keeps its layout, ``<url>/v<CACHE_FORMAT>/ab/abcdef….bin`` and ``….json``:

* content-addressed: the key is the digest of every input; the ``.json`` records the SHA-256
  and size of the ``.bin`` and a digest of itself and its key (``files.record_digest``), all
  checked on every read, so a reader gets the right bytes or a miss (listed in ``damaged``);
* safe for concurrent writers: on a filesystem where a rename is atomic (a local or mounted
  folder) each file is written under a unique temporary name and renamed into place; on an
  object store (S3, GCS, memory) a single PUT is atomic by itself.  Two builds writing one
  key write the same bytes (same inputs), so whichever lands last is right, and the data goes
  before its ``.json``, so a ``.json`` never points to bytes not yet there;
* size-bounded: :meth:`FsspecCache.prune` deletes the least recently used entries (the
  ``.json``'s modification time, refreshed on every hit) down to ``--cache-max-size``.

Only the coordinator (``cli.py``) uses it: workers receive and return bytes.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import uuid

from .build import CACHE_FORMAT, sha256
from .files import Cache, record_digest


def is_url(spec: str) -> bool:
    """Whether ``--cache`` names an fsspec URL (``scheme://…``) rather than a local folder."""
    return "://" in spec


class FsspecCache(Cache):
    """Built bytes by cache key on an fsspec filesystem (see the module docstring): the folder
    cache's records and checks (``meta``, ``data``), with fsspec's reads, writes and listing."""

    def __init__(self, url: str) -> None:
        import fsspec
        from fsspec.implementations.local import LocalFileSystem

        self.url = url
        self.fs, root = fsspec.core.url_to_fs(url)
        self.root = posixpath.join(root.rstrip("/") or "/", f"v{CACHE_FORMAT}")
        #: A rename is atomic only on a local (or mounted) filesystem; an object store's PUT is.
        self.rename_is_atomic = isinstance(self.fs, LocalFileSystem)
        self.damaged: list[str] = []
        #: Why the cache could not be written (the first error); the build goes on without it.
        self.write_error: str | None = None

    def __repr__(self) -> str:
        return f"FsspecCache({self.url!r})"

    def _paths(self, key: str) -> tuple[str, str]:
        folder = posixpath.join(self.root, key[:2])
        return posixpath.join(folder, f"{key}.bin"), posixpath.join(folder, f"{key}.json")

    def _read(self, path: str) -> bytes | None:
        try:
            return self.fs.cat_file(path)
        except (FileNotFoundError, IsADirectoryError):
            return None

    def _write(self, path: str, data: bytes) -> None:
        if not self.rename_is_atomic:
            self.fs.pipe_file(path, data)
            return
        self.fs.makedirs(posixpath.dirname(path), exist_ok=True)
        tmp = f"{path}.{uuid.uuid4().hex}.part"
        try:
            self.fs.pipe_file(tmp, data)
            self.fs.mv(tmp, path)
        except BaseException:
            try:
                self.fs.rm_file(tmp)
            except (FileNotFoundError, OSError):
                pass
            raise

    def put(self, key: str, data: bytes, meta: dict) -> None:
        if self.write_error is not None:
            return
        data_path, meta_path = self._paths(key)
        record = {**meta, "sha256": sha256(data), "size": len(data)}
        record["record"] = record_digest(key, record)
        try:
            self._write(data_path, data)
            self._write(meta_path, json.dumps(record, ensure_ascii=False).encode())
        except OSError as exc:
            self.write_error = f"{self.url}: {exc.strerror or exc}"

    def touch(self, key: str) -> None:
        """Mark an entry used now, so pruning keeps it longest (rewrites the small ``.json``
        where the filesystem cannot set a modification time)."""
        meta_path = self._paths(key)[1]
        try:
            self.fs.touch(meta_path, truncate=False)
        except (NotImplementedError, ValueError, TypeError):
            raw = self._read(meta_path)
            if raw is not None:
                self._write(meta_path, raw)
        except OSError:
            pass

    def prune(self, max_bytes: int, keep: set[str]) -> tuple[int, int]:
        """Delete the least recently used entries until the cache holds at most ``max_bytes``,
        never one of ``keep``; return (entries deleted, bytes freed).  Data before ``.json``."""
        try:
            found = self.fs.find(self.root, detail=True)
        except FileNotFoundError:
            return 0, 0
        sizes: dict[str, int] = {}
        used: dict[str, float] = {}
        for path, info in found.items():
            name = posixpath.basename(path)
            if name.endswith(".part"):
                continue
            key, _, suffix = name.partition(".")
            sizes[key] = sizes.get(key, 0) + int(info.get("size") or 0)
            if suffix == "json":
                used[key] = self._modified(path, info)
        total = sum(sizes.values())
        removed = freed = 0
        for key in sorted(sizes, key=lambda k: used.get(k, 0.0)):
            if total <= max_bytes:
                break
            if key in keep:
                continue
            for path in self._paths(key):
                try:
                    self.fs.rm_file(path)
                except (FileNotFoundError, OSError):
                    pass
            total -= sizes[key]
            removed, freed = removed + 1, freed + sizes[key]
        return removed, freed

    def _modified(self, path: str, info: dict) -> float:
        for field in ("mtime", "LastModified", "updated", "created"):
            value = info.get(field)
            if isinstance(value, (int, float)):
                return float(value)
            if isinstance(value, datetime.datetime):
                return value.timestamp()
        try:
            return self.fs.modified(path).timestamp()
        except (NotImplementedError, OSError, AttributeError):
            return 0.0


def open_cache(spec: str):
    """The cache ``--cache`` names: an fsspec URL, else a local folder (``files.Cache``)."""
    if is_url(spec):
        return FsspecCache(spec)
    from pathlib import Path

    from .files import Cache
    return Cache(Path(spec))
