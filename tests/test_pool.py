"""The local worker pool of ``build -jN`` (``pipeline/pool.py``, issue 19): reading workers start
at once, layout workers once WeasyPrint is imported, models travel from one to the other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SHARED
from test_build import EPOCH, ROOT, TESTS, all_formats_args, build_json, folder_bytes, make_sources

from pipeline import build, pool
from pipeline.writers import WriteOptions

CORPUS = SHARED / "corpus"


def env():
    return build.Environment(code={}, styles={}, tools={})


def test_split_gives_each_document_a_reading_task_and_its_layouts_a_task_of_their_own():
    short = build.Source("src/A_RES_75_1-EN.md", "A_RES_75_1-EN", b"South-South cooperation. " * 20)
    long = build.Source("src/A_RES_75_2-ZH.md", "A_RES_75_2-ZH", "南南合作。".encode() * 300)
    jobs = build.plan([short, long], ["akn", "html", "pdf", "epub", "xliff"], WriteOptions(), env(), ["fr"])
    reading, layouts = pool.split(jobs)
    # The longest layout first, and the documents read in that order.
    assert [[job.fmt for job in task] for task in layouts] == [["pdf", "epub"], ["pdf", "epub"]]
    assert [task[0].source.name for task in layouts] == [long.name, short.name]
    assert [task.source.name for task in reading] == [long.name, short.name]
    assert all(task.send_model for task in reading)
    assert [sorted(job.fmt for job in task.jobs) for task in reading] == [["akn", "html", "xliff"]] * 2
    every = [job for task in reading for job in task.jobs] + [job for task in layouts for job in task]
    assert sorted(job.output for job in every) == sorted(job.output for job in jobs)
    # Nothing lays out: reading tasks only, whole documents, the longest first.
    reading, layouts = pool.split(build.plan([short, long], ["akn", "html"], WriteOptions(), env()))
    assert layouts == [] and [task.source.name for task in reading] == [long.name, short.name]
    assert not any(task.send_model for task in reading)


def test_a_model_adopted_from_its_bytes_is_the_model_read():
    source = build.Source("src/A_73_321-ZH.md", "A_73_321-ZH", (ROOT / "source" / "A_73_321-ZH.md").read_bytes())
    tree, diagnostics, error = build.read_model(source, int(EPOCH))
    assert error is None and diagnostics
    data = build.model_bytes(tree)
    build.release_task_state(collect=False)
    build.adopt_model(source, int(EPOCH), data, diagnostics)
    adopted, adopted_diagnostics, adopted_error = build.read_model(source, int(EPOCH))
    assert adopted is not tree and build.model_bytes(adopted) == data
    assert adopted_diagnostics == diagnostics and adopted_error is None
    build.release_task_state(collect=False)


def test_corpus_documents_built_by_the_pool_have_the_bytes_of_a_one_process_build(tmp_path):
    """At -j2 each document is read by a reading worker, and its PDF and EPUB are laid out by
    another process from the model's bytes: every output is the bytes of -j1 (Arabic and Chinese:
    right to left, CJK)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("ar_A-RES-75-234.txt", "zh_A-RES-75-234.txt"):
        (src / name).write_bytes((CORPUS / name).read_bytes())
    one = build_json(src, "-o", tmp_path / "j1", "-j", "1", *all_formats_args(), cache=tmp_path / "c1")
    two = build_json(src, "-o", tmp_path / "j2", "-j", "2", *all_formats_args(), cache=tmp_path / "c2")
    assert {o["status"] for o in one["outputs"] + two["outputs"]} == {"built"}
    a, b = folder_bytes(tmp_path / "j1"), folder_bytes(tmp_path / "j2")
    assert sorted(a) == sorted(b) and len(a) > 10
    assert [name for name in a if a[name] != b[name]] == []


CRASH = """
import sys
sys.path.insert(0, sys.argv[1])
import cluster_harness  # noqa: F401  (the crash writer: its process ends on A/73/999)
from pipeline import build
if sys.argv[2] == "layout":
    build.PRELOAD["crash"] = ("json",)      # as if it laid out: it runs in a layout worker
from pipeline.cli import main
main(sys.argv[3:])
"""


def crash_build(tmp_path: Path, worker: str) -> subprocess.CompletedProcess:
    make_sources(tmp_path / "src", 4)
    victim = tmp_path / "src" / "A_73_302-ZH.akn.xml"
    victim.write_bytes(victim.read_bytes().replace(b"A/73/302", b"A/73/999"))
    return subprocess.run(
        [sys.executable, "-c", CRASH, str(TESTS), worker, "build", str(tmp_path / "src"), "-o", str(tmp_path / "out"),
         "--to", "crash,akn", "-j", "2", "--json", "--cache-dir", str(tmp_path / "cache")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)})


def check_crashed(proc: subprocess.CompletedProcess, tmp_path: Path) -> None:
    """The document whose worker died failed (its crash output, and its AKN when the same task
    had it: a worker takes a document's formats together), with a message saying so; the
    others are built; the build ends with exit 1."""
    assert proc.returncode == 1, proc.stderr
    result = {o["path"]: o["status"] for o in json.loads(proc.stdout)["outputs"]}
    assert len(result) == 8 and result["A_73_302-ZH.crash.txt"] == "failed"
    assert {name for name, status in result.items() if status != "built"} <= {
        "A_73_302-ZH.crash.txt", "A_73_302-ZH.akn.xml"}
    assert ("error: the worker process building A_73_302-ZH.crash.txt ended unexpectedly (exit status 70"
            in proc.stderr)
    assert (tmp_path / "out" / "A_73_303-ZH.crash.txt").read_bytes() == b"A/73/303\n"


def test_a_layout_worker_that_dies_fails_its_jobs_and_the_others_are_built(tmp_path):
    check_crashed(crash_build(tmp_path, "layout"), tmp_path)


def test_a_reading_worker_that_dies_fails_its_jobs_and_the_others_are_built(tmp_path):
    """Nothing lays out: every worker reads; the one that dies leaves the documents it had not
    taken to the other."""
    check_crashed(crash_build(tmp_path, "reading"), tmp_path)
