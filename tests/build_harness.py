"""``pipeline`` with two extra writers for the build tests: ``slow`` (sleeps $SLOW_SECONDS) and ``flaky`` (fails on A/73/999).

Run as ``python tests/build_harness.py build …``; the writers are registered before the
command runs, so forked workers have them too.  They let a test interrupt a build
mid-way, or make one job fail, without depending on how fast the real writers are.

The digest of the pipeline's own files is pinned here, so that the cache tests
do not depend on nobody editing ``pipeline/`` while they run (in a shared
checkout someone always is); ``test_cache_key_changes_with_every_input_and_only_then``
covers that part of the key.
"""

from __future__ import annotations

import os
import time

from pipeline.diagnostics import WriterError
from pipeline.model import document_info
from pipeline.writers import WRITERS, Writer


def write_slow(tree, options) -> bytes:
    time.sleep(float(os.environ.get("SLOW_SECONDS", "0")))
    info = document_info(tree)
    return f"{info.symbol} {options.source_date_epoch}\n".encode() * 1000


def write_flaky(tree, options) -> bytes:
    info = document_info(tree)
    if info.symbol == "A/73/999":
        raise WriterError(f"the flaky writer refuses {info.symbol}", "this writer exists for the tests only")
    return f"{info.symbol}\n".encode()


WRITERS["slow"] = Writer("slow", "build_harness", "write_slow", ".slow.txt")
WRITERS["flaky"] = Writer("flaky", "build_harness", "write_flaky", ".flaky.txt")

if __name__ == "__main__":
    import dataclasses

    from pipeline import files
    from pipeline.cli import main

    real_environment = files.environment

    def pinned(*args, **kwargs):
        env = real_environment(*args, **kwargs)
        return dataclasses.replace(env, code={path: dataclasses.replace(module, sha256="pinned-by-build-harness")
                                              for path, module in env.code.items()})

    files.environment = pinned
    main()
