"""``pipeline`` with a ``logged`` writer for the cluster tests: it appends "<pid> start|end <symbol>" to $CLUSTER_LOG and sleeps $SLOW_SECONDS.

Run as ``python tests/cluster_harness.py build …``.  The coordinator registers the writer
here; a Dask worker imports this module when it unpickles the writer the task carries
(``cluster.run_checked_task``), so the workers need ``tests/`` on their ``PYTHONPATH``.
The log tells which worker process ran which document, and whether a task was run again
after its worker was killed.
"""

from __future__ import annotations

import os
import time

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


WRITERS["logged"] = Writer("logged", "cluster_harness", "write_logged", ".logged.txt")

if __name__ == "__main__":
    from pipeline.cli import main

    main()
