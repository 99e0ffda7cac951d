"""``pipeline`` with writers for the cluster tests: ``logged`` appends "<pid> start|end <symbol>" to $CLUSTER_LOG and sleeps $SLOW_SECONDS; ``crash`` ends its process on A/73/999; and build_harness's ``slow`` and ``flaky``.

Run as ``python tests/cluster_harness.py build …``.  The coordinator registers the writer
here; a Dask worker imports this module when it unpickles the writer the task carries
(``cluster.run_checked_task``), so the workers need ``tests/`` on their ``PYTHONPATH``.
The log tells which worker process ran which document, and whether a task was run again
after its worker was killed.
"""

from __future__ import annotations

import os
import time

import build_harness  # noqa: F401  (registers the slow and flaky writers)
from pipeline.model import document_info
from pipeline.writers import WRITERS, Writer


def log(event: str, symbol: str) -> None:
    with open(os.environ["CLUSTER_LOG"], "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()} {event} {symbol}\n")


def write_logged(tree, options) -> bytes:
    symbol = document_info(tree).symbol
    log("start", symbol)
    time.sleep(float(os.environ.get("SLOW_SECONDS", "0")))
    log("end", symbol)
    return f"{symbol} {options.source_date_epoch}\n".encode()


def write_crash(tree, options) -> bytes:
    """Kills the worker process that runs it on A/73/999, as a segfault or the OOM killer would."""
    symbol = document_info(tree).symbol
    if symbol == "A/73/999":
        os._exit(70)
    return f"{symbol}\n".encode()


WRITERS["logged"] = Writer("logged", "cluster_harness", "write_logged", ".logged.txt")
WRITERS["crash"] = Writer("crash", "cluster_harness", "write_crash", ".crash.txt")

if __name__ == "__main__":
    from pipeline.cli import main

    main()
