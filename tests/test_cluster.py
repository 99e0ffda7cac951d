"""Issue 17: builds on a Dask cluster, a cache on any fsspec URL, the page map as an artifact, sources from a list.

Real Dask: a ``LocalCluster`` of 2 worker processes (``--scheduler local:2``), and a
scheduler and workers started here as separate processes (``dask scheduler``, ``dask
worker``, on 127.0.0.1 only, stopped at the end of the module).  The builds run as real
``pipeline build`` processes; the outputs are compared byte for byte with a local ``-j 2``
build of the same sources.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MODELS, ROOT, SHARED

TESTS = Path(__file__).resolve().parent
DASK = Path(sys.executable).with_name("dask")
EPOCH = "1533600000"
CORPUS = SHARED / "corpus"
#: A different "font package version" for a worker that must be refused (see pipeline/cluster.py).
OTHER_FONTS = json.dumps({"debian:fonts-noto-core": "99.0-other"})


def run(*args, cache=None, env=None, cwd=None, harness=False, check=True) -> subprocess.CompletedProcess:
    script = [str(TESTS / "cluster_harness.py")] if harness else ["-m", "pipeline"]
    environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": f"{ROOT}{os.pathsep}{TESTS}",
               **({"PIPELINE_CACHE_DIR": str(cache)} if cache else {}), **(env or {})}
    proc = subprocess.run([sys.executable, *script, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=environ, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def make_sources(folder: Path, n: int) -> list[Path]:
    """``n`` copies of the minimal model, each another document (A/73/300, A/73/301, …)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"A_73_{300 + i}-ZH.akn.xml"
        path.write_bytes((MODELS / "minimal.akn.xml").read_bytes().replace(b"A/73/321", f"A/73/{300 + i}".encode()))
        paths.append(path)
    return paths


# ------------------------------------------------------------- dask processes

class DaskProcesses:
    """A ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1; :meth:`stop` ends them all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        #: Where the harness writer, which runs in the workers, logs who built what.
        self.writer_log = folder / "writer.log"
        self.processes: list[subprocess.Popen] = []
        self.address = None

    def _start(self, name: str, args: list[str], env: dict | None = None) -> subprocess.Popen:
        environ = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{TESTS}",
                   "PIPELINE_CACHE_DIR": str(self.folder / f"{name}-cache"), "CLUSTER_LOG": str(self.writer_log),
                   **(env or {})}
        log = open(self.folder / f"{name}.log", "wb")
        proc = subprocess.Popen([str(DASK), *args], env=environ, stdout=log, stderr=subprocess.STDOUT,
                                cwd=self.folder, start_new_session=True)
        log.close()
        self.processes.append(proc)
        return proc

    def start_scheduler(self) -> str:
        info = self.folder / "scheduler.json"
        self._start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(info)])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if info.exists():
                try:
                    self.address = json.loads(info.read_text())["address"]
                    return self.address
                except (ValueError, KeyError):
                    pass
            time.sleep(0.1)
        raise AssertionError("dask scheduler did not start: " + (self.folder / "scheduler.log").read_text())

    def start_worker(self, name: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
        """A single-threaded worker without a nanny (killing it kills the worker); (process, address)."""
        from distributed import Client
        proc = self._start(name, ["worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                                  "--no-nanny", "--no-dashboard", "--name", name, "--death-timeout", "60"], env)
        with Client(self.address, timeout=30) as client:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                found = [a for a, w in client.scheduler_info(n_workers=-1)["workers"].items() if w["name"] == name]
                if found:
                    return proc, found[0]
                assert proc.poll() is None, (self.folder / f"{name}.log").read_text()
                time.sleep(0.2)
        raise AssertionError(f"worker {name} did not join: " + (self.folder / f"{name}.log").read_text())

    def stop(self, proc: subprocess.Popen | None = None) -> None:
        for p in [proc] if proc else reversed(self.processes):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(15)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, for this module."""
    procs = DaskProcesses(tmp_path_factory.mktemp("dask"))
    try:
        procs.start_scheduler()
        # The harness writer takes 0.5 s a document in these workers (the writer runs there).
        procs.start_worker("w1", env={"SLOW_SECONDS": "0.5"})
        procs.start_worker("w2", env={"SLOW_SECONDS": "0.5"})
        yield procs
    finally:
        procs.stop()


def fresh_log(procs: DaskProcesses) -> Path:
    """The workers' writer log, emptied for one test."""
    procs.writer_log.unlink(missing_ok=True)
    return procs.writer_log


# -------------------------------------------------------- the same bytes anywhere

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The shared corpus's texts in a folder of their own (its README is not a document)."""
    folder = tmp_path_factory.mktemp("corpus") / "src"
    folder.mkdir()
    for text in sorted(CORPUS.glob("*.txt")):
        (folder / text.name).write_bytes(text.read_bytes())
    assert len(list(folder.iterdir())) == 8
    return folder


@pytest.fixture(scope="module")
def local_release(corpus):
    """The corpus in every format (XLIFF into English) by the local pool at -j 2."""
    root = corpus.parent
    run("build", "src", "-o", "local", "--to", "all", "--target-lang", "en", "-j", "2", "-q",
        cache=root / "local-cache", cwd=root)
    out = folder_bytes(root / "local")
    assert len([n for n in out if n.endswith(".pdf")]) == 8 and len([n for n in out if n.endswith(".epub")]) == 8
    return out


def test_a_local_cluster_builds_the_same_bytes_as_the_local_pool(corpus, local_release):
    root = corpus.parent
    proc = run("build", "src", "-o", "localcluster", "--to", "all", "--target-lang", "en",
               "--scheduler", "local:2", "--json", cache=root / "lc-cache", cwd=root)
    assert folder_bytes(root / "localcluster") == local_release
    assert {o["status"] for o in json.loads(proc.stdout)["outputs"]} == {"built"}


def test_a_scheduler_and_workers_build_the_same_bytes_as_the_local_pool(corpus, local_release, dask_cluster):
    root = corpus.parent
    run("build", "src", "-o", "tcp", "--to", "all", "--target-lang", "en", "--scheduler", dask_cluster.address,
        cache=root / "tcp-cache", cwd=root)
    assert folder_bytes(root / "tcp") == local_release


def test_both_workers_take_part(dask_cluster, tmp_path):
    make_sources(tmp_path / "src", 6)
    log = fresh_log(dask_cluster)
    run("build", tmp_path / "src", "-o", tmp_path / "out", "--to", "logged", "--scheduler", dask_cluster.address,
        cache=tmp_path / "cache", harness=True)
    pids = {line.split()[0] for line in log.read_text().splitlines()}
    workers = {str(p.pid) for p in dask_cluster.processes[1:3]}
    assert pids == workers


def test_the_un_akn4un_files_build_to_the_same_bytes_on_a_cluster(dask_cluster, tmp_path):
    """The 108 AKN4UN files of ../shared/realworld/akn4un (six languages), given as a list, on the
    scheduler and workers, in the formats that need no layout (AKN, HTML, XLIFF: PDF and EPUB are
    compared on the corpus above, where they cost 8 layouts rather than 108, and the LocalCluster
    runs the same executor)."""
    files = sorted((SHARED / "realworld" / "akn4un").rglob("*.xml"))
    assert len(files) == 108
    (tmp_path / "files.txt").write_text("".join(f"{f}\n" for f in files), encoding="utf-8")
    args = ["build", "--from-list", "files.txt", "--to", "akn,html,xliff", "--target-lang", "en", "-q"]
    run(*args, "-o", "local", "-j", "2", cache=tmp_path / "c1", cwd=tmp_path)
    local = folder_bytes(tmp_path / "local")
    assert len([n for n in local if n.endswith(".html")]) == 108
    run(*args, "-o", "tcp", "--scheduler", dask_cluster.address, cache=tmp_path / "c3", cwd=tmp_path)
    assert folder_bytes(tmp_path / "tcp") == local


# ------------------------------------------------------------------- failures

def test_a_killed_workers_tasks_are_done_again_by_another(dask_cluster, tmp_path):
    victim, _ = dask_cluster.start_worker("victim", env={"SLOW_SECONDS": "3"})
    try:
        make_sources(tmp_path / "src", 6)
        log = fresh_log(dask_cluster)
        environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": f"{ROOT}{os.pathsep}{TESTS}",
                   "PIPELINE_CACHE_DIR": str(tmp_path / "cache")}
        # The victim is killed while it holds a document it started (it takes 3 s over each).
        build = subprocess.Popen([sys.executable, str(TESTS / "cluster_harness.py"), "build", str(tmp_path / "src"),
                                  "-o", str(tmp_path / "out"), "--to", "logged", "--json",
                                  "--scheduler", dask_cluster.address],
                                 env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        held = None
        deadline = time.monotonic() + 120
        while held is None and time.monotonic() < deadline and build.poll() is None:
            lines = log.read_text().splitlines() if log.exists() else []
            started = [line.split() for line in lines if line.split()[0] == str(victim.pid)]
            if started and started[-1][1] == "start":
                held = started[-1][2]
                victim.kill()
            time.sleep(0.01)
        out, err = build.communicate(timeout=300)
        assert held is not None, "the victim never started a document: " + err
        assert build.returncode == 0, err
        result = json.loads(out)
        assert len(result["outputs"]) == 6 and {o["status"] for o in result["outputs"]} == {"built"}
        events = [line.split() for line in log.read_text().splitlines()]
        assert [str(victim.pid), "end", held] not in events, "the victim finished its document after all"
        redone = [e for e in events if e[2] == held and e[0] != str(victim.pid)]
        assert [e[1] for e in redone] == ["start", "end"], events
        number = int(held.rsplit("/", 1)[1])
        assert (tmp_path / "out" / f"A_73_{number}-ZH.logged.txt").read_bytes() == f"{held} {EPOCH}\n".encode()
    finally:
        dask_cluster.stop(victim)


def test_a_failing_document_is_reported_and_the_others_are_built(dask_cluster, tmp_path):
    paths = make_sources(tmp_path / "src", 3)
    paths[1].write_bytes(paths[1].read_bytes().replace(b"A/73/301", b"A/73/999"))
    proc = run("build", tmp_path / "src", "-o", tmp_path / "out", "--to", "flaky,akn", "--scheduler",
               dask_cluster.address, cache=tmp_path / "cache", harness=True, check=False)
    assert proc.returncode == 7, proc.stderr
    assert "error: the flaky writer refuses A/73/999" in proc.stderr
    built = ["A_73_300-ZH.akn.xml", "A_73_300-ZH.flaky.txt", "A_73_301-ZH.akn.xml",
             "A_73_302-ZH.akn.xml", "A_73_302-ZH.flaky.txt"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [*built, "SHA256SUMS", "manifest.json"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_bytes())
    assert sorted(a["path"] for a in manifest["artifacts"]) == built


def test_a_document_that_kills_every_worker_it_runs_on_is_reported_and_the_others_are_built(tmp_path):
    """On a LocalCluster, whose nannies restart a dead worker: Dask retries the task on the
    restarted workers, gives up after ``allowed-failures``, and the build reports it."""
    paths = make_sources(tmp_path / "src", 4)
    paths[1].write_bytes(paths[1].read_bytes().replace(b"A/73/301", b"A/73/999"))
    proc = run("build", tmp_path / "src", "-o", tmp_path / "out", "--to", "crash", "--scheduler", "local:2",
               "--json", cache=tmp_path / "cache", harness=True, check=False,
               env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"})
    assert proc.returncode == 11, proc.stderr
    assert "error: building A_73_301-ZH.crash.txt killed" in proc.stderr
    statuses = {o["path"]: o["status"] for o in json.loads(proc.stdout)["outputs"]}
    assert statuses == {"A_73_300-ZH.crash.txt": "built", "A_73_301-ZH.crash.txt": "failed",
                        "A_73_302-ZH.crash.txt": "built", "A_73_303-ZH.crash.txt": "built"}


def test_sigint_cancels_the_clusters_tasks_and_leaves_outputs_whole(dask_cluster, tmp_path):
    make_sources(tmp_path / "src", 10)
    out = tmp_path / "out"
    run("build", tmp_path / "src", "-o", out, "--to", "logged", "--scheduler", dask_cluster.address,
        cache=tmp_path / "cache", harness=True)
    before = folder_bytes(out)
    assert len(before) == 10 + 2
    log = fresh_log(dask_cluster)
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "0", "PYTHONPATH": f"{ROOT}{os.pathsep}{TESTS}",
               "PIPELINE_CACHE_DIR": str(tmp_path / "cache")}
    build = subprocess.Popen([sys.executable, str(TESTS / "cluster_harness.py"), "build", str(tmp_path / "src"),
                              "-o", str(out), "--to", "logged", "--scheduler", dask_cluster.address],
                             env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and all((out / n).read_bytes() == b for n, b in before.items()):
        time.sleep(0.01)
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=120)
    assert build.returncode == 130, err
    assert "interrupted" in err and "listed in" in err
    time.sleep(2)   # what the workers were running ends; nothing queued may start after that
    after = folder_bytes(out)
    assert sorted(after) == sorted(before)
    changed = {n for n in after if after[n] != before[n] and n.endswith(".txt")}
    assert changed and all(after[n] == f"A/73/{n[5:8]} 0\n".encode() for n in changed)
    # The manifest is updated per finished output: it describes the folder (sha256sum -c passes).
    check = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    started = [line for line in log.read_text().splitlines() if " start " in line]
    assert len(started) < 10, "every task ran: the queued ones were not cancelled"


# -------------------------------------------------------------- environments

@pytest.fixture
def other_fonts_worker(dask_cluster):
    """A third worker whose font package reports another version ($PIPELINE_TOOL_VERSIONS_OVERRIDE)."""
    proc, address = dask_cluster.start_worker("other-fonts", env={"PIPELINE_TOOL_VERSIONS_OVERRIDE": OTHER_FONTS})
    yield proc, address
    dask_cluster.stop(proc)


def test_cluster_check_names_the_worker_and_the_difference(dask_cluster, other_fonts_worker):
    _, address = other_fonts_worker
    proc = run("cluster", "check", "--scheduler", dask_cluster.address, check=False)
    assert proc.returncode == 11, proc.stderr
    table = proc.stdout
    row = next(line for line in table.splitlines() if line.startswith("debian:fonts-noto-core"))
    assert "99.0-other *" in row
    assert f"1 differ from this machine and would be refused: {address} (debian:fonts-noto-core)" in table
    assert "2 workers" in table   # the two others share one column
    data = json.loads(run("cluster", "check", "--scheduler", dask_cluster.address, "--json", check=False).stdout)
    refused = [w for w in data["workers"] if w["differences"]]
    assert [w["address"] for w in refused] == [address]
    assert refused[0]["differences"] == [{"name": "debian:fonts-noto-core",
                                          "this_machine": data["this_machine"]["debian:fonts-noto-core"],
                                          "worker": "99.0-other"}]


def test_a_worker_with_other_fonts_builds_nothing(dask_cluster, other_fonts_worker, tmp_path):
    proc_other, address = other_fonts_worker
    make_sources(tmp_path / "src", 6)
    log = fresh_log(dask_cluster)
    proc = run("build", tmp_path / "src", "-o", tmp_path / "out", "--to", "logged", "--scheduler",
               dask_cluster.address, cache=tmp_path / "cache", harness=True)
    assert f"warning: worker {address} is refused: its environment differs from this machine's: " \
           "debian:fonts-noto-core: " in proc.stderr
    assert "99.0-other on the worker" in proc.stderr
    assert len(list((tmp_path / "out").glob("*.logged.txt"))) == 6
    assert str(proc_other.pid) not in {line.split()[0] for line in log.read_text().splitlines()}


def test_a_worker_refuses_a_task_when_its_environment_differs(dask_cluster, other_fonts_worker):
    """The check each task makes on its worker (a worker upgraded after the build began)."""
    from distributed import Client

    from pipeline import cluster
    from pipeline.build import Job, Source
    from pipeline.files import environment
    from pipeline.writers import WRITERS, WriteOptions

    _, address = other_fonts_worker
    here = cluster.flat_environment(environment())
    data = (MODELS / "minimal.akn.xml").read_bytes()
    job = Job(Source("src/A_73_321-ZH.akn.xml", "A_73_321-ZH", data), "akn", "A_73_321-ZH.akn.xml", "k")
    with Client(dask_cluster.address, timeout=30) as client:
        refused = client.submit(cluster.run_checked_task, [job], WriteOptions(), False, here,
                                {"akn": WRITERS["akn"]}, workers=[address], pure=False).result(timeout=120)
        others = [a for a in client.scheduler_info(n_workers=-1)["workers"] if a != address]
        built = client.submit(cluster.run_checked_task, [job], WriteOptions(), False, here,
                              {"akn": WRITERS["akn"]}, workers=others, pure=False).result(timeout=120)
    assert refused[0].data is None and refused[0].exit_code == 11
    assert f"worker {address} refuses to build src/A_73_321-ZH.akn.xml" in refused[0].error
    assert "debian:fonts-noto-core: " in refused[0].error and "99.0-other on the worker" in refused[0].error
    assert built[0].ok and built[0].data.startswith(b"<?xml")


def worker_state(dask_worker) -> dict:
    """On a worker: what :class:`cluster.EnvironmentGate` eases, and the frozen part of the heap."""
    import gc
    callbacks = dask_worker.periodic_callbacks
    return {"profiling": callbacks["profile"].is_running(), "memory_monitor": callbacks["memory_monitor"].callback_time,
            "tick": callbacks["tick"].callback_time, "frozen": gc.get_freeze_count()}


def unfreeze() -> None:
    import gc
    gc.unfreeze()


def test_a_build_eases_dasks_periodic_work_on_its_workers_and_puts_it_back(dask_cluster):
    """While a build's plugin is installed, a worker started by ``dask worker`` (default
    configuration) runs without Dask's profiler, with a slower memory monitor and tick, and with
    the heap of its warm-up frozen; removing the plugin (the build's end) puts the callbacks back,
    once no other build on the cluster still has its plugin installed."""
    from distributed import Client

    from pipeline import cluster
    from pipeline.files import environment
    from pipeline.writers import WRITERS

    env = cluster.flat_environment(environment())
    gate, other = (cluster.EnvironmentGate(env, ["akn"], {"akn": WRITERS["akn"]}) for _ in range(2))
    with Client(dask_cluster.address, timeout=30) as client:
        client.run(unfreeze)       # earlier tests' builds froze them
        before = client.run(worker_state)
        client.register_plugin(gate, name=gate.name)
        during = client.run(worker_state)
        # A second build on the same cluster, which ends first: the first build stays eased.
        client.register_plugin(other, name=other.name)
        client.unregister_worker_plugin(other.name)
        still = client.run(worker_state)
        client.unregister_worker_plugin(gate.name)
        after = client.run(worker_state)
    assert len(before) == 2 and gate.name != other.name and gate.resource == other.resource
    for address, state in before.items():
        assert state["profiling"] and state["memory_monitor"] == 100 and state["tick"] == 20
        assert state["frozen"] == 0
        assert during[address]["profiling"] is False
        assert during[address]["memory_monitor"] == 1000 and during[address]["tick"] == 1000
        assert during[address]["frozen"] > 50_000
        assert {**still[address], "frozen": 0} == {**during[address], "frozen": 0}
        assert {**after[address], "frozen": 0} == state      # the heap stays frozen: it is the worker's own


# ---------------------------------------------------------------------- caches

def test_fsspec_cache_round_trip_damage_and_size_bound():
    from pipeline.fscache import FsspecCache

    cache = FsspecCache(f"memory://un-cache-{os.getpid()}-{time.monotonic_ns()}")
    assert cache.meta("ab" * 32) is None
    keys = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(4)]
    for i, key in enumerate(keys):
        cache.put(key, bytes([i]) * 1000, {"size": 1000, "output": f"{i}.html"})
        time.sleep(0.01)
    meta = cache.meta(keys[0])
    assert meta["sha256"] == hashlib.sha256(b"\0" * 1000).hexdigest()
    assert cache.data(keys[0], meta) == b"\0" * 1000
    # A damaged entry is a miss, never wrong bytes.
    cache.fs.pipe_file(cache._paths(keys[1])[0], b"damaged")
    assert cache.data(keys[1], cache.meta(keys[1])) is None
    assert cache.damaged == [cache._paths(keys[1])[0]]
    # So is a record edited by hand.
    edited = dict(cache.meta(keys[2]), language="fr")
    cache.fs.pipe_file(cache._paths(keys[2])[1], json.dumps(edited).encode())
    assert cache.meta(keys[2]) is None
    cache.put(keys[2], b"\2" * 1000, {"output": "2.html"})
    time.sleep(0.01)
    cache.touch(keys[0])          # now the most recently used
    removed, _ = cache.prune(2500, keep={keys[3]})
    assert removed >= 2
    assert cache.meta(keys[0]) is not None and cache.meta(keys[3]) is not None   # recently used, kept
    assert cache.meta(keys[2]) is None
    assert not [p for p in cache.fs.find(cache.root) if p.endswith(".part")]


def test_two_concurrent_builds_share_a_file_cache_consistently(corpus, tmp_path):
    url = (tmp_path / "shared-cache").as_uri()
    root = corpus.parent
    args = ["build", str(corpus), "--to", "akn,html,xliff", "--target-lang", "en", "--force", "--cache", url, "-q"]
    environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)}
    builds = [subprocess.Popen([sys.executable, "-m", "pipeline", *args, "-o", str(tmp_path / f"out{i}"),
                                "-j", "1"], env=environ, stderr=subprocess.PIPE, text=True, cwd=root)
              for i in range(2)]
    for build in builds:
        _, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
    # The reference: the same formats (an HTML page links the editions built with it), no shared cache.
    run(*args[:-4], "-q", "-o", tmp_path / "reference", "-j", "2", cache=tmp_path / "private", cwd=root)
    expected = {n: b for n, b in folder_bytes(tmp_path / "reference").items()
                if n.endswith((".akn.xml", ".html", ".xlf"))}
    assert len(expected) == 8 + 8 + 7
    for i in range(2):
        out = folder_bytes(tmp_path / f"out{i}")
        assert {n: out[n] for n in expected} == expected
    entries = list((tmp_path / "shared-cache").rglob("*.json"))
    assert len(entries) == len(expected)
    for meta_path in entries:
        meta = json.loads(meta_path.read_bytes())
        assert hashlib.sha256(meta_path.with_suffix(".bin").read_bytes()).hexdigest() == meta["sha256"]
    assert not list((tmp_path / "shared-cache").rglob("*.part"))
    again = run("build", str(corpus), "--to", "akn,html,xliff", "--target-lang", "en", "--cache", url, "--json",
                "-o", tmp_path / "out2", cwd=root)
    assert {o["status"] for o in json.loads(again.stdout)["outputs"]} == {"from cache"}
    assert {n: b for n, b in folder_bytes(tmp_path / "out2").items() if n in expected} == expected


# ----------------------------------------------------------- the page map

def test_a_cached_pdf_gives_an_epub_without_a_layout(corpus, local_release, tmp_path, monkeypatch):
    """The EPUB job receives the page map the PDF job cached: with the layout made impossible,
    the EPUB is still built, and is the EPUB a whole build makes."""
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.writers import pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(corpus.parent)
    source = "src/en_A-RES-75-234.txt"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", source, "--to", "pdf", "-j", "1", "-q", "--cache-dir", str(tmp_path / "c"),
                                "-o", str(tmp_path / "pdf")])
    assert built.exit_code == 0, built.output

    def no_layout(*args, **kwargs):
        raise AssertionError("the EPUB job laid the document out")
    monkeypatch.setattr(pdf, "_render", no_layout)
    pdf._CACHE.clear()
    for cache, code in ((tmp_path / "c", 0), (tmp_path / "empty", 1)):
        epub = runner.invoke(cli, ["build", source, "--to", "epub", "-j", "1", "-q", "--cache-dir", str(cache),
                                   "-o", str(tmp_path / f"epub-{code}")])
        assert epub.exit_code == code, epub.output
    assert "the EPUB job laid the document out" in epub.output   # without the cached page map, it must
    assert (tmp_path / "epub-0" / "en_A-RES-75-234.epub").read_bytes() == local_release["en_A-RES-75-234.epub"]


def test_page_map_round_trip(sample_model):
    from pipeline.writers import WriteOptions, epub

    options = WriteOptions(source_date_epoch=0)
    data = epub.page_map(sample_model, options)
    starts = epub.read_page_map(data)
    assert starts[0].number == 1 and len(starts) >= 2
    assert starts == epub.page_starts(epub._print_layout(sample_model, options))
    assert epub.write_epub(sample_model, WriteOptions(source_date_epoch=0, page_map=data)) == \
        epub.write_epub(sample_model, options)


# ------------------------------------------------------------ batch input

def test_from_list_streams_the_sources_in_batches(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from pipeline import cli

    paths = make_sources(tmp_path / "src", 5)
    listing = tmp_path / "files.txt"
    listing.write_text("# the documents\n\n" + "".join(f"src/{p.name}\n" for p in paths), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(cli, "SOURCES_PER_BATCH", 2)
    events = []
    from pipeline import files
    real_load, real_output = cli.load_source, files.Release.write_output
    monkeypatch.setattr(cli, "load_source", lambda path: events.append(("read", path.name)) or real_load(path))
    monkeypatch.setattr(files.Release, "write_output", lambda self, artifact, data=None:
                        events.append(("write", artifact.path)) or real_output(self, artifact, data))
    result = CliRunner().invoke(cli.cli, ["build", "--from-list", "files.txt", "--to", "akn", "-j", "1", "-q",
                                          "--cache-dir", str(tmp_path / "cache"), "-o", "out"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.akn.xml")) == sorted(p.name.replace(".akn.xml", "")
                                                                                  + ".akn.xml" for p in paths)
    order = [name for _, name in events]
    # The third source is read only after the first two are built and written.
    assert order.index("A_73_302-ZH.akn.xml") > order.index("A_73_300-ZH.akn.xml", 1)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_bytes())
    assert len(manifest["artifacts"]) == 5


def test_from_list_names_the_line_of_a_missing_file(tmp_path):
    make_sources(tmp_path / "src", 1)
    (tmp_path / "files.txt").write_text("src/A_73_300-ZH.akn.xml\n\nsrc/nope.md\n", encoding="utf-8")
    proc = run("build", "--from-list", "files.txt", "--to", "akn", "-o", "out", cache=tmp_path / "cache",
               cwd=tmp_path, check=False)
    assert proc.returncode == 4
    assert "files.txt:3:1: error: src/nope.md: no such file or directory" in proc.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_list_that_names_no_source_fails(tmp_path):
    (tmp_path / "files.txt").write_text("# nothing yet\n\n", encoding="utf-8")
    proc = run("build", "--from-list", "files.txt", "--to", "akn", "-o", "out", cache=tmp_path / "cache",
               cwd=tmp_path, check=False)
    assert proc.returncode == 2
    assert "no source found in files.txt" in proc.stderr
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_a_folder_tree_is_walked_without_its_hidden_folders_or_the_output(tmp_path):
    make_sources(tmp_path / "archive" / "en", 1)
    (tmp_path / "archive" / "en" / "A_73_300-ZH.akn.xml").rename(tmp_path / "archive" / "en" / "A_73_310-ZH.akn.xml")
    make_sources(tmp_path / "archive" / "zh" / "deeper", 2)
    make_sources(tmp_path / "archive" / ".hidden", 3)
    out = tmp_path / "archive" / "site"
    run("build", "archive", "-o", out, "--to", "akn", cache=tmp_path / "cache", cwd=tmp_path)
    run("build", "archive", "-o", out, "--to", "akn", cache=tmp_path / "cache", cwd=tmp_path)  # site/ is not read
    manifest = json.loads((out / "manifest.json").read_bytes())
    assert [a["source"] for a in manifest["artifacts"]] == [
        "archive/zh/deeper/A_73_300-ZH.akn.xml", "archive/zh/deeper/A_73_301-ZH.akn.xml",
        "archive/en/A_73_310-ZH.akn.xml"]


def test_a_local_clusters_task_with_no_worker_to_run_it_fails_rather_than_waiting_for_ever():
    """Dask waits for ever by default for a worker to run a task; the LocalCluster of
    ``--scheduler local:N`` gives up after ``NO_WORKERS_WAIT`` seconds, so the build ends."""
    from pipeline import cluster
    with cluster.connect("local:1") as client:
        assert client.cluster.scheduler.no_workers_timeout == cluster.NO_WORKERS_WAIT
