"""Issue 8: reproducible, parallel, incremental builds with a manifest; interrupted builds leave no partial file.

The pure logic (``pipeline.build``) is tested on values; the command is run as a
real process (``pipeline build``), since processes, signals and the disk are the point.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import build
from pipeline.diagnostics import Level, PipelineError, Reporter, SourcePos
from pipeline.writers import WRITERS, WriteOptions

from conftest import MODELS, ROOT, SAMPLE

TESTS = Path(__file__).resolve().parent
EPOCH = "1533600000"          # 2018-08-07, the sample's issue date
MINIMAL = MODELS / "minimal.akn.xml"


def run_pipeline(*args, cache: Path, env: dict | None = None, harness: bool = False, cwd: Path = ROOT,
                 check: bool = False) -> subprocess.CompletedProcess:
    script = [str(TESTS / "build_harness.py")] if harness else ["-m", "pipeline"]
    environ = {**os.environ, "PIPELINE_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    proc = subprocess.run([sys.executable, *script, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=environ, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def build_json(*args, cache: Path, **kw) -> dict:
    proc = run_pipeline("build", "--json", *args, cache=cache, check=True, **kw)
    return json.loads(proc.stdout)


def statuses(result: dict) -> dict[str, str]:
    return {o["path"]: o["status"] for o in result["outputs"]}


def all_formats_args() -> list[str]:
    """Every registered writer: new formats are covered as they land."""
    return ["--to", ",".join(WRITERS), "--target-lang", "en"]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# ------------------------------------------------------------------ pure logic

def env(**changes) -> build.Environment:
    code = {"__init__.py": build.Module("c" * 64, ("readers/__init__.py",), ("lxml",)),
            "readers/__init__.py": build.Module("r" * 64, (), ("pypandoc",)),
            "writers/__init__.py": build.Module("w" * 64),
            "writers/akn.py": build.Module("a" * 64, ("writers/__init__.py",)),
            "writers/html.py": build.Module("h" * 64, ("writers/__init__.py",), (), ("html.css",))}
    base = dict(code=code, styles={"html.css": "s" * 64},
                tools={"weasyprint": "70.0", "pandoc": "3.9", "lxml": "6.1", "pipeline": "0.1"},
                library_tools={"pypandoc": ("pandoc",)})
    return build.Environment(**{**base, **changes})


def source(data=b"<x/>", sidecar=None, name="src/A-ZH.akn.xml") -> build.Source:
    return build.Source(name, "A-ZH", data, "src/A-ZH.meta.toml" if sidecar is not None else None, sidecar)


def test_cache_key_changes_with_every_input_and_only_then():
    options = WriteOptions(source_date_epoch=1)
    key = build.cache_key(source(), "html", options, env())
    assert key == build.cache_key(source(), "html", WriteOptions(source_date_epoch=1), env())
    base = env()
    changed = [
        build.cache_key(source(b"<y/>"), "html", options, env()),
        build.cache_key(source(sidecar=b"date = '2018-08-07'"), "html", options, env()),
        build.cache_key(source(name="src/A_73_999-ZH.akn.xml"), "html", options, env()),   # renamed
        build.cache_key(source(name="elsewhere/A-ZH.akn.xml"), "html", options, env()),    # moved
        build.cache_key(source(), "akn", options, env()),
        build.cache_key(source(), "html", WriteOptions(source_date_epoch=2), env()),
        build.cache_key(source(), "html", WriteOptions(source_date_epoch=1, page_size="letter"), env()),
        build.cache_key(source(), "html", options, env(code={
            **base.code, "writers/html.py": build.Module("H" * 64, ("writers/__init__.py",), (), ("html.css",))})),
        build.cache_key(source(), "html", options, env(code={
            **base.code, "readers/__init__.py": build.Module("R" * 64, (), ("pypandoc",))})),
        build.cache_key(source(), "html", options, env(styles={"html.css": "t" * 64})),
        build.cache_key(source(), "html", options, env(tools={**base.tools, "pandoc": "3.10"})),
        build.cache_key(source(), "html", options, env(tools={**base.tools, "pipeline": "0.2"})),
    ]
    assert len({key, *changed}) == len(changed) + 1
    # And only then: what html does not use leaves its key alone.
    same = [
        build.cache_key(source(), "html", options, env(code={**base.code, "writers/akn.py": build.Module("A" * 64)})),
        build.cache_key(source(), "html", options, env(styles={**base.styles, "print.css": "p" * 64})),
        build.cache_key(source(), "html", options, env(tools={**base.tools, "weasyprint": "71.0"})),
        build.cache_key(source(), "html", WriteOptions(source_date_epoch=1, target_language="fr"), env()),
    ]
    assert set(same) == {key}


def test_digest_files_ignores_order_but_not_names_or_bytes():
    assert build.digest_files({"a": b"1", "b": b"2"}) == build.digest_files({"b": b"2", "a": b"1"})
    assert build.digest_files({"a": b"1"}) != build.digest_files({"a2": b"1"})
    assert build.digest_files({"a": b"1"}) != build.digest_files({"a": b"2"})


def test_plan_is_documents_times_formats_slowest_first():
    sources = [source(name="src/A-ZH.md"), build.Source("src/B-EN.md", "B-EN", b"b")]
    formats = [f for f in ("akn", "html", "pdf") if f in WRITERS]
    jobs = build.plan(sources, formats, WriteOptions(), env())
    assert len(jobs) == 2 * len(formats)
    assert {(j.source.stem, j.fmt) for j in jobs} == {(s.stem, f) for s in sources for f in formats}
    weights = [build.FORMAT_WEIGHT.get(j.fmt, 10) for j in jobs]
    assert weights == sorted(weights, reverse=True)
    assert len({j.key for j in jobs}) == len(jobs)


def test_plan_refuses_two_sources_writing_one_output():
    with pytest.raises(PipelineError, match="would both write A-ZH.akn.xml"):
        build.plan([source(name="a/A-ZH.md"), source(name="b/A-ZH.md")], ["akn"], WriteOptions(), env())


def test_sums_are_in_sha256sum_format_sorted():
    sums = build.sums_bytes({"b.pdf": b"pdf", "a.html": "0" * 64})
    assert sums == (f"{'0' * 64}  a.html\n{hashlib.sha256(b'pdf').hexdigest()}  b.pdf\n").encode()


def test_manifest_lists_artifacts_sorted_with_tools_and_no_clock():
    artifacts = [build.Artifact("b.pdf", "pdf", "zh", "s.md", "1" * 64, 10),
                 build.Artifact("a.html", "html", "zh", "s.md", "2" * 64, 20)]
    data = build.manifest_bytes(artifacts, {"weasyprint": "70.0", "pandoc": "3.9"}, 5)
    doc = json.loads(data)
    assert [a["path"] for a in doc["artifacts"]] == ["a.html", "b.pdf"]
    assert doc["artifacts"][0] == {"path": "a.html", "format": "html", "language": "zh", "source": "s.md",
                                   "sha256": "2" * 64, "size": 20}
    assert doc["tools"] == {"pandoc": "3.9", "weasyprint": "70.0"}
    assert doc["source_date_epoch"] == 5
    assert data == build.manifest_bytes(list(reversed(artifacts)), {"pandoc": "3.9", "weasyprint": "70.0"}, 5)


def test_cached_diagnostics_come_back_equal():
    reporter = Reporter()
    reporter.warning("footnote-without-body", "footnote 12 has no body", SourcePos("s.md", 41, 7), "add it")
    reporter.info("paragraph-rejoined", "rejoined", None)
    again = build.diagnostics_from_json(json.loads(json.dumps(build.diagnostics_to_json(reporter.diagnostics))))
    assert again == reporter.diagnostics
    assert again[0].level == Level.WARNING


def test_summary_table_counts_statuses():
    rows = [{"path": "a.html", "format": "html", "status": "built", "size": 2048, "seconds": 0.5},
            {"path": "a.akn.xml", "format": "akn", "status": "up to date", "size": 10, "seconds": None}]
    table = build.summary_table(rows)
    assert table.splitlines()[0].split() == ["output", "format", "status", "size", "seconds"]
    assert "2.0 KiB" in table and table.splitlines()[-1] == "1 built, 1 up to date"


# ------------------------------------------------------- the model file, every format

@pytest.fixture(scope="module")
def minimal_release(tmp_path_factory):
    """The hand-written model built in every registered format at -j1, once for this module."""
    root = tmp_path_factory.mktemp("release_a")
    result = build_json(MINIMAL, "-o", root / "out", "-j", "1", *all_formats_args(), cache=root / "cache")
    return root / "out", result


def test_two_builds_in_different_folders_give_identical_bytes(minimal_release, tmp_path):
    out_a, _ = minimal_release
    # Another folder, another cache, another working directory, in parallel: the same bytes.
    copy = tmp_path / "elsewhere" / "minimal.akn.xml"
    copy.parent.mkdir()
    copy.write_bytes(MINIMAL.read_bytes())
    build_json(copy, "-o", tmp_path / "out", "-j", "2", *all_formats_args(), cache=tmp_path / "cache",
               cwd=tmp_path)
    a, b = folder_bytes(out_a), folder_bytes(tmp_path / "out")
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name] and name not in ("manifest.json", "SHA256SUMS")]
    assert different == []
    # The manifest names its sources as given, so only those differ.
    manifest_a, manifest_b = json.loads(a["manifest.json"]), json.loads(b["manifest.json"])
    for item in manifest_a["artifacts"] + manifest_b["artifacts"]:
        item.pop("source")
    assert manifest_a == manifest_b


def test_the_manifest_does_not_depend_on_how_a_source_path_is_typed(tmp_path):
    """``./docs/m.akn.xml``, ``docs//m.akn.xml`` and the absolute path are one source: the
    manifest (and so SHA256SUMS) is the same bytes, naming it relative to the build folder."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "minimal.akn.xml").write_bytes(MINIMAL.read_bytes())
    manifests = []
    for i, typed in enumerate(["./docs/minimal.akn.xml", "docs//minimal.akn.xml",
                               str(tmp_path / "docs" / "minimal.akn.xml")]):
        build_json(typed, "-o", f"out{i}", "--to", "akn", cache=tmp_path / "cache", cwd=tmp_path)
        manifests.append((tmp_path / f"out{i}" / "manifest.json").read_bytes())
    assert manifests[0] == manifests[1] == manifests[2]
    assert [a["source"] for a in json.loads(manifests[0])["artifacts"]] == ["docs/minimal.akn.xml"]


def test_every_registered_format_was_built(minimal_release):
    out, result = minimal_release
    expected = {WRITERS[f].output_name("minimal", WriteOptions(target_language="en")) for f in WRITERS}
    assert {o["path"] for o in result["outputs"]} == expected
    assert set(statuses(result).values()) == {"built"}
    assert expected <= set(os.listdir(out))


def test_sha256sum_verifies_the_release(minimal_release):
    out, _ = minimal_release
    proc = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    checked = [line for line in proc.stdout.splitlines() if line.endswith(": OK")]
    files = {p.name for p in out.iterdir()} - {"SHA256SUMS"}
    assert {line[: -len(": OK")] for line in checked} == files


def test_manifest_describes_every_artifact(minimal_release):
    out, _ = minimal_release
    manifest = json.loads((out / "manifest.json").read_bytes())
    artifacts = {a["path"]: a for a in manifest["artifacts"]}
    assert set(artifacts) == {p.name for p in out.iterdir()} - {"manifest.json", "SHA256SUMS"}
    for name, item in artifacts.items():
        data = (out / name).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        assert item["size"] == len(data)
        assert item["source"].endswith("minimal.akn.xml")
        assert item["format"] in WRITERS
        assert item["language"] == ("en" if item["format"] == "xliff" else "zh")
    tools = manifest["tools"]
    for name in ("pipeline", "weasyprint", "pandoc", "lxml", "debian:fonts-noto-cjk", "debian:fonts-noto-core"):
        assert tools.get(name) and tools[name] != "not installed", (name, tools.get(name))
    assert manifest["source_date_epoch"] == int(EPOCH)


def test_akn_manifestation_date_is_source_date_epoch(minimal_release, tmp_path):
    out, _ = minimal_release
    assert b'<FRBRdate date="2018-08-07" name="markup"/>' in (out / "minimal.akn.xml").read_bytes()
    build_json(MINIMAL, "-o", tmp_path, "--to", "akn", cache=tmp_path / "cache", env={"SOURCE_DATE_EPOCH": "0"})
    assert b'<FRBRdate date="1970-01-01" name="markup"/>' in (tmp_path / "minimal.akn.xml").read_bytes()


def test_source_date_epoch_sets_every_embedded_date(minimal_release):
    """No output carries the day it was built: every date in it is SOURCE_DATE_EPOCH (2018-08-07)."""
    import datetime
    import zipfile

    out, _ = minimal_release
    today = datetime.datetime.now(datetime.timezone.utc).date()
    wall_clock = [today.isoformat().encode(), today.strftime("%Y%m%d").encode()]

    def dates_in(name: str, data: bytes) -> None:
        for stamp in wall_clock:
            assert stamp not in data, f"{name} carries today's date {stamp.decode()}"

    for path in out.iterdir():
        if path.name in ("manifest.json", "SHA256SUMS"):
            continue
        data = path.read_bytes()
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                assert {info.date_time for info in book.infolist()} == {(2018, 8, 7, 0, 0, 0)}
                for info in book.infolist():
                    dates_in(f"{path.name}!{info.filename}", book.read(info))
                opf = next(n for n in book.namelist() if n.endswith(".opf"))
                assert b"<meta property=\"dcterms:modified\">2018-08-07T00:00:00Z</meta>" in book.read(opf)
        elif path.suffix == ".pdf":
            import pikepdf
            with pikepdf.open(path) as pdf:
                assert str(pdf.docinfo["/CreationDate"]).startswith("D:20180807")
                assert str(pdf.docinfo["/ModDate"]).startswith("D:20180807")
                with pdf.open_metadata() as xmp:
                    dates = {k: v for k, v in xmp.items() if k.endswith("Date")}
                assert dates and all(v.startswith("2018-08-07") for v in dates.values()), dates
            dates_in(path.name, data)
        else:
            dates_in(path.name, data)


# ----------------------------------------------------------------- incremental

def test_rebuild_skips_unchanged_work_and_rebuilds_what_changed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("A_73_321-ZH.akn.xml", "A_73_322-ZH.akn.xml"):
        (src / name).write_bytes(MINIMAL.read_bytes())
    out, cache = tmp_path / "out", tmp_path / "cache"
    args = (src, "-o", out, "--to", "akn,slow")
    first = build_json(*args, cache=cache, harness=True)
    assert set(statuses(first).values()) == {"built"} and len(first["outputs"]) == 4
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = build_json(*args, cache=cache, harness=True)
    assert set(statuses(second).values()) == {"up to date"}
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.suffix != ".json" and p.name != "SHA256SUMS"} \
        == {k: v for k, v in stamps.items() if not k.endswith(".json") and k != "SHA256SUMS"}
    # One source changes: only its outputs are rebuilt.
    (src / "A_73_322-ZH.akn.xml").write_bytes(MINIMAL.read_bytes().replace(b"A/73/321", b"A/73/322"))
    third = statuses(build_json(*args, cache=cache, harness=True))
    assert third == {"A_73_321-ZH.akn.xml": "up to date", "A_73_321-ZH.slow.txt": "up to date",
                     "A_73_322-ZH.akn.xml": "built", "A_73_322-ZH.slow.txt": "built"}
    # A deleted output comes back from the cache, the same bytes.
    kept = (out / "A_73_321-ZH.akn.xml").read_bytes()
    (out / "A_73_321-ZH.akn.xml").unlink()
    fourth = statuses(build_json(*args, cache=cache, harness=True))
    assert fourth["A_73_321-ZH.akn.xml"] == "from cache"
    assert (out / "A_73_321-ZH.akn.xml").read_bytes() == kept
    # Another SOURCE_DATE_EPOCH changes every output; --force rebuilds everything.
    fifth = build_json(*args, cache=cache, harness=True, env={"SOURCE_DATE_EPOCH": "0"})
    assert set(statuses(fifth).values()) == {"built"}
    forced = build_json(*args, "--force", cache=cache, harness=True)
    assert set(statuses(forced).values()) == {"built"}
    assert (out / "A_73_321-ZH.akn.xml").read_bytes() == kept


def test_a_sidecar_change_rebuilds_its_document(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "A_73_321-ZH.akn.xml").write_bytes(MINIMAL.read_bytes())
    args = (src, "-o", tmp_path / "out", "--to", "akn")
    build_json(*args, cache=tmp_path / "cache")
    (src / "A_73_321-ZH.meta.toml").write_text('organ = "ga"\n')
    assert statuses(build_json(*args, cache=tmp_path / "cache")) == {"A_73_321-ZH.akn.xml": "built"}


def test_progress_is_plain_lines_off_a_terminal_and_a_bar_on_one(tmp_path):
    proc = run_pipeline("build", MINIMAL, "-o", tmp_path / "plain", "--to", "akn", cache=tmp_path / "c1",
                        check=True)
    assert f"[1/1] built: {tmp_path / 'plain' / 'minimal.akn.xml'}" in proc.stderr
    assert "1 built" in proc.stderr.splitlines()[-1]
    # On a terminal (script(1) gives the command a pseudo-terminal): click's progress bar.
    command = (f"{sys.executable} -m pipeline build {MINIMAL} -o {tmp_path / 'tty'} --to akn")
    tty = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "c2"), "TERM": "xterm"},
                         timeout=120)
    assert tty.returncode == 0, tty.stdout
    assert "building" in tty.stdout and "1/1" in tty.stdout
    assert "[1/1] built:" not in tty.stdout


# ------------------------------------------------------------- interrupted builds

def make_sources(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"A_73_{300 + i}-ZH.akn.xml"
        path.write_bytes(MINIMAL.read_bytes().replace(b"A/73/321", f"A/73/{300 + i}".encode()))
        paths.append(path)
    return paths


def assert_release_consistent(out: Path, killed: bool = False) -> dict:
    """``sha256sum -c SHA256SUMS`` passes and the manifest lists the files the folder holds.

    ``killed``: the build was ended by kill -9, which may land while an output is being listed
    (``Release.write_manifest``): SHA256SUMS then lists the outputs only (not the manifest), one
    of them perhaps not yet in the manifest."""
    proc = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    manifest = json.loads((out / "manifest.json").read_bytes())
    listed = {a["path"]: a for a in manifest["artifacts"]}
    for name, item in listed.items():
        data = (out / name).read_bytes()
        assert (item["sha256"], item["size"]) == (hashlib.sha256(data).hexdigest(), len(data)), name
    checked = {line.rsplit(": ", 1)[0] for line in proc.stdout.splitlines()}
    if killed and "manifest.json" not in checked:
        assert set(listed) <= checked and len(checked - set(listed)) <= 1, (checked, set(listed))
    else:
        assert checked == {*listed, "manifest.json"}
    return listed


@pytest.mark.parametrize("jobs,sig", [("1", signal.SIGINT), ("2", signal.SIGINT), ("2", signal.SIGKILL)],
                         ids=["ctrl-c-j1", "ctrl-c-j2", "kill-9-j2"])
def test_an_interrupted_build_leaves_whole_outputs_and_a_manifest_that_describes_them(tmp_path, jobs, sig):
    make_sources(tmp_path / "src", 8)
    out = tmp_path / "out"
    args = ("build", tmp_path / "src", "-o", out, "--to", "slow", "-j", jobs)
    run_pipeline(*args, cache=tmp_path / "cache", harness=True, check=True)
    before = folder_bytes(out)
    assert len(before) == 8 + 2
    # Rebuild with another date, each output taking 0.4 s, and interrupt after the first new one.
    environ = {**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "0",
               "SLOW_SECONDS": "0.4"}
    proc = subprocess.Popen([sys.executable, str(TESTS / "build_harness.py"), *map(str, args)], cwd=ROOT,
                            env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and all((out / n).read_bytes() == b for n, b in before.items()
                                              if n.endswith(".txt")):
        time.sleep(0.02)
    os.killpg(proc.pid, sig)           # Ctrl-C: SIGINT to the whole process group; or kill -9
    _, stderr = proc.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, stderr
        assert "interrupted" in stderr and "listed in" in stderr
        assert not list(out.glob("*.part")) and not list(out.glob(".*"))
    else:
        assert proc.returncode == -9
    # kill -9 may leave a hidden temporary file (never an output's name): the next build removes it.
    after = {n: b for n, b in folder_bytes(out).items()
             if not (sig == signal.SIGKILL and n.startswith(".") and n.endswith(".part"))}
    assert sorted(after) == sorted(before), "a partial or extra file was left"
    new = {name for name in after if after[name] != before[name] and name.endswith(".txt")}
    assert new and len(new) < 8, "the build was not interrupted mid-way"
    for name in new:
        assert after[name] == b"A/73/%d 0\n" % int(name[5:8]) * 1000, f"{name} is not whole"
    listed = assert_release_consistent(out, killed=sig == signal.SIGKILL)
    # Every output is listed.  Ctrl-C waits for the few writes that replace an output and
    # list it; kill -9 cannot be held back, and may leave the one output being replaced
    # whole but unlisted (until the next build).
    unlisted = {n for n in after if n.endswith(".txt")} - set(listed)
    assert len(unlisted) <= (1 if sig == signal.SIGKILL else 0), unlisted
    # The next build finishes the job and leaves no temporary file behind.
    run_pipeline(*args, cache=tmp_path / "cache", harness=True, check=True, env={"SOURCE_DATE_EPOCH": "0"})
    assert not list(out.glob(".*"))
    assert len(assert_release_consistent(out)) == 8


def test_a_failing_writer_leaves_other_outputs_whole_and_listed(tmp_path):
    paths = make_sources(tmp_path / "src", 3)
    paths[1].write_bytes(paths[1].read_bytes().replace(b"A/73/301", b"A/73/999"))
    out = tmp_path / "out"
    proc = run_pipeline("build", tmp_path / "src", "-o", out, "--to", "flaky,akn", "-j", "2",
                        cache=tmp_path / "cache", harness=True)
    assert proc.returncode == 7, proc.stderr
    assert "error: the flaky writer refuses A/73/999" in proc.stderr
    assert "1 output(s) failed" in proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["A_73_300-ZH.akn.xml", "A_73_300-ZH.flaky.txt", "A_73_301-ZH.akn.xml",
                     "A_73_302-ZH.akn.xml", "A_73_302-ZH.flaky.txt", "SHA256SUMS", "manifest.json"]
    assert (out / "A_73_302-ZH.flaky.txt").read_bytes() == b"A/73/302\n"
    assert set(assert_release_consistent(out)) == set(names) - {"SHA256SUMS", "manifest.json"}


# ------------------------------------------------------------- the real sample

@pytest.fixture(scope="session")
def sample_release(tmp_path_factory):
    """The sample built in every format once per session (the reader's own output included)."""
    root = tmp_path_factory.mktemp("sample_release")
    result = build_json(SAMPLE, "-o", root / "out", "-j", "2", *all_formats_args(), cache=root / "cache")
    return root / "out", result


def test_sample_builds_twice_to_identical_bytes(sample_release, tmp_path):
    out_a, result = sample_release
    assert set(statuses(result).values()) == {"built"}
    build_json(SAMPLE, "-o", tmp_path / "out", "-j", "1", *all_formats_args(), cache=tmp_path / "cache")
    a, b = folder_bytes(out_a), folder_bytes(tmp_path / "out")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_sample_release_verifies(sample_release):
    out, _ = sample_release
    proc = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    manifest = json.loads((out / "manifest.json").read_bytes())
    assert {a["format"] for a in manifest["artifacts"]} == set(WRITERS)
    assert {a["language"] for a in manifest["artifacts"] if a["format"] != "xliff"} == {"zh"}


# ------------------------------------------------------------- the CI release

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def test_release_workflow_passes_actionlint():
    from validators import actionlint
    problems = actionlint.check([WORKFLOW])
    assert problems == [], "\n".join(map(str, problems))


def test_actionlint_finds_a_broken_workflow(tmp_path):
    """The linter really runs: a workflow with an undefined context property and no runs-on is refused."""
    from validators import actionlint
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n")
    kinds = {p.kind for p in actionlint.check([broken])}
    assert "expression" in kinds and "syntax-check" in kinds, kinds


def test_release_workflow_runs_the_readme_commands_and_attaches_the_release_folder():
    import yaml
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow[True]["push"]["tags"]          # PyYAML reads the key `on` as True
    steps = workflow["jobs"]["release"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    readme = (ROOT / "README.md").read_text()
    for command in ("make", "make test"):
        assert re.search(rf"^{command} +#", readme, re.M), f"README no longer shows `{command}`"
        assert command in runs
    assert "sha256sum -c SHA256SUMS" in runs
    upload = [s for s in steps if s.get("uses", "").startswith("softprops/action-gh-release@")]
    assert upload and "output/*" in upload[0]["with"]["files"]


def test_pdf_and_epub_of_a_document_are_one_task():
    sources = [source(name="src/A-ZH.md"), build.Source("src/B-EN.md", "B-EN", b"b")]
    jobs = build.plan(sources, ["akn", "pdf", "epub", "html"], WriteOptions(), env())
    groups = build.tasks(jobs, workers=3)
    assert sorted(len(g) for g in groups) == [1, 1, 1, 1, 2, 2]
    for group in groups:
        assert len({j.source.name for j in group}) == 1
        if len(group) == 2:
            assert {j.fmt for j in group} == {"pdf", "epub"}
    assert sorted(j.output for g in groups for j in g) == sorted(j.output for j in jobs)
    # As many documents as workers: one task per document, so each is read once in all.
    whole = build.tasks(jobs, workers=2)
    assert sorted(len(g) for g in whole) == [4, 4]
    assert all(len({j.source.name for j in g}) == 1 for g in whole)


def test_tasks_are_ordered_by_characters_and_script_not_bytes():
    """A Chinese character takes 3 bytes in UTF-8 but lays out slower than 3 Latin letters."""
    chinese = build.Source("src/A-ZH.md", "A-ZH", "南南合作".encode() * 100)      # 1 200 bytes
    latin = build.Source("src/B-EN.md", "B-EN", b"South-South " * 125)            # 1 500 bytes
    jobs = build.plan([latin, chinese], ["akn", "pdf"], WriteOptions(), env())
    assert [g[0].source.name for g in build.tasks(jobs, workers=2)] == ["src/A-ZH.md", "src/B-EN.md"]
    assert build.layout_cost(b"a b\nc") == 3


WARM_UP = """
import gc, json, sys
from pathlib import Path
from pipeline import build, files, pool
from pipeline.writers import WriteOptions
laid_out = []
build.warm_fonts = lambda languages: laid_out.append(sorted(languages))
chinese = build.Source("src/A_RES_75_1-ZH.md", "A_RES_75_1-ZH", "南南合作。".encode() * 300)
english = build.Source("src/A_RES_75_2-EN.md", "A_RES_75_2-EN", b"South-South cooperation. " * 100)
french = build.Source("src/A_RES_75_3-FR.md", "A_RES_75_3-FR", "Coopération Sud-Sud. ".encode() * 50)
jobs = build.plan([english, french, chinese], ["akn", "pdf"], WriteOptions(), files.environment(Path(sys.argv[1])))
reading, layouts = pool.split(jobs)
pool._Pool(reading, layouts, WriteOptions(), False).warm_up()
print(json.dumps({"laid_out": laid_out, "threshold": gc.get_threshold(), "weasyprint": "weasyprint" in sys.modules}))
"""


def test_the_warm_up_before_forking_the_layout_workers_lays_out_one_language_and_sets_the_collector(tmp_path):
    """Issue 19, -j2: the parent laid out a line of every language of the build before forking
    (six for the corpus: 0.55 s of CPU while both cores waited), for about 0.01 s saved per
    script in a worker; it now warms the first layout's language only (the largest document's:
    it starts first), and the collector's young generation is GC_THRESHOLD's."""
    proc = subprocess.run([sys.executable, "-c", WARM_UP, str(tmp_path / "cache")], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["laid_out"] == [["zh"]] and result["weasyprint"]
    assert tuple(result["threshold"]) == build.GC_THRESHOLD != (700, 10, 10)


def test_an_up_to_date_build_still_reports_the_warnings(tmp_path):
    """The cache keeps each document's diagnostics: --fail-on-warning fails the same on a no-op rebuild."""
    args = ("build", SAMPLE, "-o", tmp_path / "out", "--to", "akn", "--fail-on-warning",
            "--diagnostics-json", tmp_path / "diagnostics.json")
    first = run_pipeline(*args, cache=tmp_path / "cache", harness=True)
    assert first.returncode == 3, first.stderr
    logged_first = json.loads((tmp_path / "diagnostics.json").read_bytes())
    proc = run_pipeline(*args, cache=tmp_path / "cache", harness=True)
    assert proc.returncode == 3, proc.stderr
    assert "[1/1] up to date:" in proc.stderr
    logged = json.loads((tmp_path / "diagnostics.json").read_bytes())
    assert logged == logged_first
    assert any(d["level"] == "WARNING" for d in logged) and all(d["source"] == str(SAMPLE) for d in logged)
    assert re.search(r"A_73_321-ZH\.md:\d+:\d+: warning: ", proc.stderr)


def test_the_benchmark_is_one_command():
    """`make bench` runs `python -m bench`; its speed is reported in bench/RESULTS.md, never asserted."""
    assert re.search(r"^bench:.*\n\t\$\(PY\) -m bench\b", (ROOT / "Makefile").read_text(), re.M)
    proc = subprocess.run([sys.executable, "-m", "bench", "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "--runs" in proc.stdout and "--record" in proc.stdout
    results = (ROOT / "bench" / "RESULTS.md").read_text()
    for measure in ("full build of the sample", "-j1", "-j2", "no-op", "Peak memory", "nproc"):
        assert measure in results, measure


def test_tool_versions_are_remembered_until_a_package_changes(tmp_path):
    from pipeline import files
    ask = files.tool_versions.__wrapped__          # without the per-process lru_cache
    versions = ask(tmp_path)
    memo = json.loads((tmp_path / "tool-versions.json").read_bytes())
    assert memo == {"stamp": files.install_stamp(), "versions": versions}
    # A remembered answer is used while the stamp holds …
    (tmp_path / "tool-versions.json").write_text(json.dumps({"stamp": memo["stamp"], "versions": {"x": "1"}}))
    assert ask(tmp_path) == {"x": "1"}
    # … and asked again once it changes (a package was installed or removed).
    (tmp_path / "tool-versions.json").write_text(json.dumps({"stamp": "old", "versions": {"x": "1"}}))
    assert ask(tmp_path) == versions


# ------------------------------------------------------------------ cache size

def _entries(cache: Path) -> dict[str, int]:
    """Cache key -> bytes of its entry (data and record)."""
    return {p.stem: p.stat().st_size + p.with_suffix(".bin").stat().st_size
            for p in cache.glob("v*/??/*.json")}


def test_cache_keeps_to_its_size_dropping_the_least_recently_used(tmp_path):
    """Three builds of one document (three epochs: three keys); the first is used again before
    the third, so with room for about two entries the third build evicts the second's, not
    the first's; the current build's own entries are never evicted, even over the limit."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    args = (MINIMAL, "-o", out, "--to", "akn")

    def keys(epoch: str, limit: str = "0") -> set[str]:
        build_json(*args, cache=cache, env={"SOURCE_DATE_EPOCH": epoch, "PIPELINE_CACHE_MAX_SIZE": limit})
        return set(_entries(cache))

    first = keys("1")
    second = keys("2") - first
    assert len(first) == len(second) == 1
    time.sleep(0.05)
    assert keys("1") == first | second              # a hit: nothing new, the first entry touched
    size = max(_entries(cache).values())
    after = keys("3", limit=str(int(size * 2.5)))
    assert first <= after and not (second & after) and len(after) == 2
    # A limit below one entry keeps the entry of the build that just ran, and only it.
    assert len(keys("4", limit="1")) == 1


def test_cache_size_is_checked():
    proc = run_pipeline("build", MINIMAL, "--to", "akn", "--cache-max-size", "two gigs", cache=Path("/nonexistent"))
    assert proc.returncode == 2 and "'two gigs' is not a size: write it as 500M, 2G or 0" in proc.stderr


# ------------------------------------------------- every input of an output is in its key

REPORT = SAMPLE.read_bytes()


def test_a_renamed_moved_or_edited_source_is_built_again_with_what_it_now_says(tmp_path):
    """Issue 14: A_73_321-ZH.md renamed A_73_999-ZH.md was served from the cache stamped A/73/321."""
    src, out, cache = tmp_path / "src", tmp_path / "out", tmp_path / "cache"
    src.mkdir()
    (src / "A_73_321-ZH.md").write_bytes(REPORT)
    first = build_json(src / "A_73_321-ZH.md", "-o", out, "--to", "akn", cache=cache)
    assert statuses(first) == {"A_73_321-ZH.akn.xml": "built"}
    assert b'A/73/321' in (out / "A_73_321-ZH.akn.xml").read_bytes()
    # Renamed: the symbol comes from the name.
    (src / "A_73_321-ZH.md").rename(src / "A_73_999-ZH.md")
    renamed = build_json(src / "A_73_999-ZH.md", "-o", out, "--to", "akn", cache=cache)
    assert statuses(renamed) == {"A_73_999-ZH.akn.xml": "built"}
    akn = (out / "A_73_999-ZH.akn.xml").read_bytes()
    assert b'showAs="A/73/999"' in akn and b"A/73/321" not in akn
    # Moved: another source as far as the diagnostics (and the manifest) are concerned.
    (tmp_path / "moved").mkdir()
    (src / "A_73_999-ZH.md").rename(tmp_path / "moved" / "A_73_999-ZH.md")
    moved = build_json(tmp_path / "moved" / "A_73_999-ZH.md", "-o", out, "--to", "akn", cache=cache)
    assert statuses(moved) == {"A_73_999-ZH.akn.xml": "built"}
    # Unchanged: up to date; edited: built.
    again = build_json(tmp_path / "moved" / "A_73_999-ZH.md", "-o", out, "--to", "akn", cache=cache)
    assert statuses(again) == {"A_73_999-ZH.akn.xml": "up to date"}
    (tmp_path / "moved" / "A_73_999-ZH.md").write_bytes(REPORT.replace("联合国".encode(), "联合國".encode(), 1))
    edited = build_json(tmp_path / "moved" / "A_73_999-ZH.md", "-o", out, "--to", "akn", cache=cache)
    assert statuses(edited) == {"A_73_999-ZH.akn.xml": "built"}
    # Both documents built into the one folder are in its manifest.
    assert set(assert_release_consistent(out)) == {"A_73_321-ZH.akn.xml", "A_73_999-ZH.akn.xml"}


def test_the_model_memo_is_keyed_on_the_name_too():
    """Same bytes under two names are two documents: the memo must not hand one the other's model."""
    from pipeline.model import document_info
    a = build.Source("src/A_73_321-ZH.md", "A_73_321-ZH", REPORT)
    b = build.Source("src/A_73_999-ZH.md", "A_73_999-ZH", REPORT)
    build.release_task_state()
    assert document_info(build.read_model(a)[0]).symbol == "A/73/321"
    assert document_info(build.read_model(b)[0]).symbol == "A/73/999"
    build.release_task_state()


def test_a_stylesheet_edit_rebuilds_html_pdf_and_epub_only(tmp_path):
    """Each format's key covers the code, stylesheets and tools it uses: edit each and count."""
    import shutil

    from pipeline import files
    package, styles = tmp_path / "pipeline", tmp_path / "styles"
    shutil.copytree(ROOT / "pipeline", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "styles", styles)
    formats = ["akn", "html", "pdf", "epub", "xliff"]
    options = WriteOptions(target_language="en", source_date_epoch=0)
    doc = build.Source("source/A_73_321-ZH.md", "A_73_321-ZH", REPORT)

    def keys():
        env = files.environment(tmp_path / "cache", package_dir=package, styles_dir=styles)
        return {job.fmt: job.key for job in build.plan([doc], formats, options, env)}

    def rebuilt_after(path: Path) -> set[str]:
        before = keys()
        original = path.read_bytes()
        path.write_bytes(original + (b"\n/* edited */\n" if path.suffix == ".css" else b"\n# edited\n"))
        try:
            after = keys()
        finally:
            path.write_bytes(original)
        return {fmt for fmt in formats if before[fmt] != after[fmt]}

    assert rebuilt_after(styles / "html.css") == {"html", "pdf", "epub"}
    assert rebuilt_after(styles / "print.css") == {"pdf", "epub"}
    assert rebuilt_after(styles / "epub.css") == {"epub"}
    assert rebuilt_after(package / "writers" / "xliff.py") == {"xliff"}
    assert rebuilt_after(package / "writers" / "akn.py") == {"akn"}
    assert rebuilt_after(package / "writers" / "pdf.py") == {"pdf", "epub"}
    assert rebuilt_after(package / "readers" / "text.py") == set(formats)
    assert rebuilt_after(package / "model.py") == set(formats)
    assert rebuilt_after(package / "cli.py") == set()
    assert rebuilt_after(package / "files.py") == set()


def test_every_module_a_build_loads_is_in_its_formats_key(tmp_path):
    """The import closure is read from the code: no module a format's build really imports is left out."""
    from pipeline import files
    env = files.environment(tmp_path / "cache")
    script = ("import sys, json\n"
              "from pipeline import build, files\n"
              "src = build.Source(sys.argv[1], 'A_73_321-ZH', open(sys.argv[1], 'rb').read())\n"
              "from pipeline.writers import WriteOptions\n"
              "before = set(sys.modules)\n"
              "job = build.plan([src], [sys.argv[2]], WriteOptions(target_language='en', source_date_epoch=0),"
              " files.environment())[0]\n"
              "before = set(sys.modules)\n"
              "result = build.run_job(job, WriteOptions(target_language='en', source_date_epoch=0))\n"
              "assert result.ok, result.error\n"
              "print(json.dumps(sorted(m for m in sys.modules if m.startswith('pipeline'))))\n")
    for fmt in ("akn", "html", "xliff"):
        proc = subprocess.run([sys.executable, "-c", script, str(SAMPLE), fmt], capture_output=True, text=True,
                              cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        loaded = {m.removeprefix("pipeline").lstrip(".").replace(".", "/") for m in json.loads(proc.stdout)}
        paths = {p for m in loaded for p in (m + ".py", (m + "/" if m else "") + "__init__.py") if p in env.code}
        keyed = set(build.format_inputs(env, fmt)["code"])
        assert paths - keyed <= {"files.py", "cli.py"}, (fmt, paths - keyed)


# --------------------------------------------------------------- the release folder

def test_an_unusable_output_or_a_damaged_cache_gets_one_clear_message(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    # A folder named like an output.
    (out / "minimal.akn.xml").mkdir(parents=True)
    proc = run_pipeline("build", MINIMAL, "-o", out, "--to", "akn", cache=cache)
    assert proc.returncode == 12, proc.stderr
    assert re.search(r"^error: .*out/minimal\.akn\.xml: cannot write it: a folder has that name\n  hint: remove or "
                     r"rename that folder", proc.stderr, re.M), proc.stderr
    assert "Traceback" not in proc.stderr
    (out / "minimal.akn.xml").rmdir()
    # A damaged cache record (valid JSON of the wrong shape, then not JSON): a miss, said once.
    build_json(MINIMAL, "-o", out, "--to", "akn", cache=cache)
    (record,) = cache.glob("v*/??/*.json")
    good = json.loads(record.read_bytes())
    lying = json.dumps({**good, "language": "fr"}).encode()     # well formed, but not what was built
    for damage in (b'{"sha256": 5}', b"\x00garbage", lying):
        record.write_bytes(damage)
        (out / "minimal.akn.xml").unlink()
        proc = run_pipeline("build", MINIMAL, "-o", out, "--to", "akn", cache=cache, check=True)
        assert f"warning: {record}: a damaged cache entry; its output was built again" in proc.stderr
        assert "[1/1] built" in proc.stderr and "Traceback" not in proc.stderr
    assert_release_consistent(out)
    # A corrupt manifest in the output folder: said, and replaced by one describing the folder.
    (out / "manifest.json").write_bytes(b"{not json")
    proc = run_pipeline("build", MINIMAL, "-o", out, "--to", "akn", cache=cache, check=True)
    assert "manifest.json was not a manifest this pipeline wrote" in proc.stderr
    assert set(assert_release_consistent(out)) == {"minimal.akn.xml"}


def test_a_full_disk_gets_one_clear_message(tmp_path):
    """A 1 MiB tmpfs as the output folder: the PDF does not fit."""
    out = tmp_path / "small"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(out)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, f"mount a small tmpfs (the test runs as root): {mounted.stderr}"
    try:
        run_pipeline("build", MINIMAL, "-o", out, "--to", "akn", cache=tmp_path / "cache", check=True)
        proc = run_pipeline("build", MINIMAL, "-o", out, "--to", "akn,pdf", "-j", "1", cache=tmp_path / "cache")
        assert proc.returncode == 12, proc.stderr
        assert re.search(r"^error: .*small/minimal\.pdf: cannot write it: the disk is full\n  hint: free some space",
                         proc.stderr, re.M), proc.stderr
        assert "Traceback" not in proc.stderr
        assert not list(out.glob(".*"))
        assert set(assert_release_consistent(out)) == {"minimal.akn.xml"}
    finally:
        subprocess.run(["umount", str(out)], check=True)


def test_a_read_only_output_folder_gets_one_clear_message(tmp_path):
    """A read-only mount (root may write anywhere else): said once, before anything is built."""
    out = tmp_path / "ro"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(out)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, f"mount a read-only tmpfs (the test runs as root): {mounted.stderr}"
    try:
        proc = run_pipeline("build", MINIMAL, "-o", out, "--to", "akn", cache=tmp_path / "cache")
        assert proc.returncode == 12, proc.stderr
        assert re.search(r"^error: .*/ro: cannot write in it: the file system is read-only\n  hint: make the "
                         r"folder writable, or build into another folder with -o", proc.stderr, re.M), proc.stderr
        assert "Traceback" not in proc.stderr and "built" not in proc.stderr
    finally:
        subprocess.run(["umount", str(out)], check=True)


# ------------------------------------------------------------------- packaging

def test_the_wheel_installs_into_a_fresh_venv_and_builds_with_its_own_stylesheets(tmp_path):
    """A non-editable install: the stylesheets ship inside the package (pipeline/styles).

    The wheel is built as a user builds it (pip, isolated build with the pyproject's backend),
    installed without its dependencies into a new virtual environment, which borrows the
    dependencies already installed in this one through a .pth line (so the test does not
    download WeasyPrint & co. again; such a line adds the folder without running its .pth
    files, so the checkout's editable install is not seen).  Then a build runs from a folder
    that has no styles/ next to it."""
    import site
    import sysconfig
    wheels = tmp_path / "wheels"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (wheel,) = wheels.glob("un_pipeline-*.whl")
    venv = tmp_path / "venv"
    # Nothing of this checkout on the path (its un_pipeline.egg-info would read as installed).
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300, env=env)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    proc = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # After the install (pip would otherwise see this environment's editable un-pipeline as installed).
    here = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "zz-borrowed-dependencies.pth").write_text("\n".join(sorted(here)) + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "A_73_321-ZH.md").write_bytes(SAMPLE.read_bytes())
    where = subprocess.run([str(python), "-c", "import pipeline, pipeline.writers as w; print(pipeline.__file__);"
                            "print(w.STYLES_DIR)"], capture_output=True, text=True, cwd=work, env=env, check=True)
    module, styles = where.stdout.split()
    assert module.startswith(purelib) and styles == str(Path(purelib) / "pipeline" / "styles"), where.stdout
    proc = subprocess.run([str(venv / "bin" / "pipeline"), "build", "A_73_321-ZH.md", "--to", "html,pdf", "-o", "out",
                           "--cache-dir", str(tmp_path / "cache")], capture_output=True, text=True, cwd=work,
                          env={**env, "SOURCE_DATE_EPOCH": EPOCH}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = (work / "out" / "A_73_321-ZH.html").read_text()
    assert (Path(styles) / "html.css").read_text().strip()[:200] in html
    assert (work / "out" / "A_73_321-ZH.pdf").read_bytes().startswith(b"%PDF-")


def test_weasyprint_is_pinned_to_the_versions_our_patches_are_tested_against():
    """pdf.py, pdf_tags.py and pydyf_pages.py reach into WeasyPrint's and pydyf's internals."""
    import importlib.metadata
    import tomllib

    from packaging.requirements import Requirement
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {Requirement(r).name.lower(): Requirement(r).specifier for r in project["dependencies"]}
    for dist in ("weasyprint", "pydyf"):
        spec = pins[dist]
        assert any(s.operator in ("<", "==", "~=") for s in spec), f"{dist} {spec} has no upper bound"
        assert spec.contains(importlib.metadata.version(dist)), (dist, spec)


@pytest.mark.parametrize("source", ["sample", "resolution"])
def test_weasyprint_logs_no_warning_on_our_stylesheets_and_pages(source, tmp_path):
    """Any warning WeasyPrint logs (a CSS rule it ignores, a font it cannot load …) fails the test."""
    import logging

    from conftest import SHARED
    from pipeline import ReadOptions, read_source, write
    from pipeline.writers.bilingual import write_bilingual_html, write_bilingual_pdf  # noqa: F401

    path = SAMPLE if source == "sample" else SHARED / "corpus" / "ar_A-RES-75-234.txt"
    tree = read_source(path.read_bytes(), str(path), Reporter(), ReadOptions(source_date_epoch=0))
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        options = WriteOptions(source_date_epoch=0)
        for fmt in ("pdf", "epub"):
            write(tree, fmt, options)
        write_bilingual_pdf(tree, dataclasses_replace(options, parallel=tree))
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == []


def dataclasses_replace(options, **changes):
    import dataclasses
    return dataclasses.replace(options, **changes)


# ---------------------------------------------------------------------- memory

def test_one_worker_building_20_chinese_documents_stays_under_400_mib(tmp_path):
    """Issue 19: a worker used to keep each Chinese layout alive (20 resolutions: 778 MiB, and
    growing with each); it now drops a task's models and layouts and collects (about 290 MiB)."""
    from conftest import SHARED
    src = tmp_path / "src"
    src.mkdir()
    resolution = (SHARED / "corpus" / "zh_A-RES-75-234.txt").read_bytes()
    for i in range(20):
        (src / f"A_RES_75_{300 + i}-ZH.txt").write_bytes(resolution)
    args = [sys.executable, "-m", "pipeline", "build", str(src), "-o", str(tmp_path / "out"), "--to", "pdf",
            "-j", "1", "-q", "--cache-dir", str(tmp_path / "cache")]
    status, peak_mib = peak_mib_of(args, ROOT, {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, tmp_path / "stderr")
    assert status == 0, (tmp_path / "stderr").read_text()
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 20
    assert 100 < peak_mib < 400, f"one worker peaked at {peak_mib:.0f} MiB building 20 Chinese resolutions"


def peak_mib_of(args: list[str], cwd: Path, env: dict, stderr_path: Path) -> tuple[int, float]:
    """Run ``args`` and sample the child's own ``VmHWM`` until it exits: (exit status, peak MiB).

    wait4's ru_maxrss would not do: a child started by (v)fork inherits the high-water mark of
    the process that started it (here the whole test session, which may itself be past 400 MiB)."""
    with open(stderr_path, "wb") as stderr:
        proc = subprocess.Popen(args, cwd=cwd, stderr=stderr, stdout=subprocess.DEVNULL, env=env)
        peak_kib = 0
        while proc.poll() is None:
            try:
                hwm = re.search(r"^VmHWM:\s+(\d+)", Path(f"/proc/{proc.pid}/status").read_text(), re.M)
            except OSError:   # exited meanwhile
                hwm = None
            if hwm:   # a zombie's status has none
                peak_kib = max(peak_kib, int(hwm[1]))
            time.sleep(0.02)
    return proc.returncode, peak_kib / 1024


def test_a_233_page_chinese_document_is_laid_out_and_written_under_400_mib(tmp_path):
    """Issue 19: the sample 16× (233 pages of Chinese) peaked at 437 MiB while its PDF was
    written: WeasyPrint's layout context (the computed style of every element and of six
    pseudo-elements each, 62,000 styles) stayed alive with the pages, through the SVG images
    that keep it.  The PDF writer now drops what only the layout reads (about 365 MiB)."""
    from bench import scale
    source = scale.write_scaled(tmp_path / "src", 16)
    args = [sys.executable, "-m", "pipeline", "build", str(source), "-o", str(tmp_path / "out"), "--to", "pdf",
            "-j", "1", "-q", "--cache-dir", str(tmp_path / "cache")]
    status, peak_mib = peak_mib_of(args, ROOT, {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, tmp_path / "stderr")
    assert status == 0, (tmp_path / "stderr").read_text()
    import pikepdf
    with pikepdf.open(tmp_path / "out" / (source.stem + ".pdf")) as pdf:
        assert len(pdf.pages) > 200
    assert 150 < peak_mib < 400, f"the 16x sample peaked at {peak_mib:.0f} MiB"


LAYOUT_RELEASE = """
import gc, hashlib, json, sys
from weasyprint.layout import LayoutContext
from pipeline import read_source, write
from pipeline.diagnostics import Reporter
from pipeline.writers import WriteOptions, epub, pdf
if sys.argv[2] == "kept":
    pdf._RELEASING.append(True)          # as before: the layout context kept whole
tree = read_source(open(sys.argv[1], "rb").read(), sys.argv[1], Reporter())
options = WriteOptions(source_date_epoch=0)
data = write(tree, "pdf", options)
page_map = epub.page_map(tree, options)
book = write(tree, "epub", WriteOptions(source_date_epoch=0, page_map=page_map))
gc.collect()
styles = sum(len(c.style_for.get_computed_styles()) for c in gc.get_objects()
             if isinstance(c, LayoutContext) and c.style_for is not None)
print(json.dumps({"pdf": hashlib.sha256(data).hexdigest(), "epub": hashlib.sha256(book).hexdigest(),
                  "page_map": hashlib.sha256(page_map).hexdigest(), "styles": styles}))
"""


def test_the_layout_context_is_released_after_the_layout_with_the_same_bytes():
    """The PDF, its page map and the EPUB made from it are the same bytes whether WeasyPrint's
    layout context is kept whole (as before) or released after the layout; released, no
    computed style of it is left alive with the laid-out pages."""
    runs = {}
    for how in ("released", "kept"):
        proc = subprocess.run([sys.executable, "-c", LAYOUT_RELEASE, str(SAMPLE), how], capture_output=True,
                              text=True, cwd=ROOT, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 0, proc.stderr
        runs[how] = json.loads(proc.stdout)
    released, kept = runs["released"], runs["kept"]
    assert kept["styles"] > 2000 and released["styles"] == 0, runs
    assert {k: v for k, v in released.items() if k != "styles"} == {k: v for k, v in kept.items() if k != "styles"}


FONT_FILES = """
import hashlib, json, sys
from weasyprint.pdf import fonts
from pipeline import read_source, write
from pipeline.diagnostics import Reporter
from pipeline.writers import WriteOptions, pdf, weasyprint_fonts
whole = []
read = fonts.get_hb_object_data
def tracked(face, ot_color=None, glyph=None):
    data = read(face, ot_color, glyph)
    if ot_color is None and data is not None:
        whole.append(len(data))
    return data
fonts.get_hb_object_data = tracked
if sys.argv[2] == "as WeasyPrint does":
    weasyprint_fonts._INSTALLED.append(True)
tree = read_source(open(sys.argv[1], "rb").read(), sys.argv[1], Reporter())
digests = []
for _ in range(2):
    pdf.clear_layouts()
    digests.append(hashlib.sha256(write(tree, "pdf", WriteOptions(source_date_epoch=0))).hexdigest())
print(json.dumps({"digests": digests, "largest": max(whole), "subsets": len(weasyprint_fonts._SUBSETS)}))
"""


def test_one_font_configuration_serves_every_layout_of_a_thread_until_a_font_folder_changes(
        sample_release, tmp_path, monkeypatch):
    """Issue 19: WeasyPrint made a font configuration (fontconfig loaded again, Pango's font map
    empty) for each layout, about a tenth of a resident rebuild.  One now serves every layout of
    a thread: the Chinese sample laid out after an Arabic document, in a process that laid it out
    before, has the bytes of the cold build; a font added to a font folder makes a new one."""
    from pipeline import read_source, write
    from pipeline.readers.text import ReadOptions
    from pipeline.writers import pdf
    from conftest import SHARED
    out, _ = sample_release
    options = WriteOptions(source_date_epoch=int(EPOCH))

    def pdf_of(path: Path) -> bytes:
        tree = read_source(path.read_bytes(), str(path), Reporter(), ReadOptions(source_date_epoch=int(EPOCH)))
        data = write(tree, "pdf", options)
        build.release_task_state()
        return data

    first = pdf_of(SAMPLE)
    shared = pdf.font_configuration()
    pdf_of(SHARED / "corpus" / "ar_A-RES-75-234.txt")
    assert pdf.font_configuration() is shared
    assert pdf_of(SAMPLE) == first == (out / "A_73_321-ZH.pdf").read_bytes()
    fonts = tmp_path / "fonts"
    (fonts / "truetype").mkdir(parents=True)
    monkeypatch.setattr(pdf, "FONT_FOLDERS", (str(fonts),))
    mine = pdf.font_configuration()
    assert mine is not shared and pdf.font_configuration() is mine
    time.sleep(0.01)
    (fonts / "truetype" / "new.ttf").write_bytes(b"")
    assert pdf.font_configuration() is not mine


def test_painting_copies_no_whole_font_file_and_subsets_once_with_the_same_bytes():
    """Issue 19: WeasyPrint copied each Noto CJK collection whole (70 MiB for Chinese) while
    painting; ours reads only the subsets it makes, and a second build of the same document
    reuses them (the resident builder), with the bytes of WeasyPrint's own way."""
    runs = {}
    for how in ("ours", "as WeasyPrint does"):
        proc = subprocess.run([sys.executable, "-c", FONT_FILES, str(SAMPLE), how], capture_output=True,
                              text=True, cwd=ROOT, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 0, proc.stderr
        runs[how] = json.loads(proc.stdout)
    ours, theirs = runs["ours"], runs["as WeasyPrint does"]
    assert theirs["largest"] > 15 * 2**20 and ours["largest"] < 2 * 2**20, runs
    # Serif regular and bold, Sans bold (headings), Sans regular (the summary box's "摘要", upright).
    assert ours["subsets"] == 4 and theirs["subsets"] == 0, runs
    assert ours["digests"][0] == ours["digests"][1] == theirs["digests"][0] == theirs["digests"][1]


# ------------------------------------------------------------ the resident builder

def test_the_resident_builder_gives_the_bytes_of_a_cold_build_and_rebuilds_only_what_changed(
        sample_release, tmp_path, monkeypatch):
    """Issue 19: the resident builder's layout worker (forked by ``warm``) lays out the PDF and
    EPUB while this process writes the other formats; every byte is the cold build's, and a
    worker that dies leaves its task to this process, with the same bytes again."""
    from pipeline import files
    from pipeline.writers import pdf
    out, _ = sample_release
    options = WriteOptions(target_language="en", source_date_epoch=int(EPOCH))
    environments = []

    def environment():
        environments.append(files.environment(tmp_path / "cache"))
        return environments[-1]

    builder = build.ResidentBuilder(options, environment, layout_workers=1)
    builder.warm(list(WRITERS), {"zh"})
    worker = builder.worker_pid
    assert worker is not None and worker != os.getpid()
    # From here on this process cannot lay out: a PDF or EPUB built is the worker's.
    render = pdf._render
    monkeypatch.setattr(pdf, "_render", lambda *a: pytest.fail("laid out in the resident process"))
    source = build.Source(str(SAMPLE), "A_73_321-ZH", SAMPLE.read_bytes())
    first = builder.build_all([source], list(WRITERS), ["en"])
    assert {job.output: result.data for job, result in first} == \
        {job.output: (out / job.output).read_bytes() for job, _ in first}
    assert {job.fmt for job, _ in first} >= {"pdf", "epub", "html"}
    # An edit rebuilds; the same call again is answered from memory (the same objects).
    edited = dataclasses_replace(source, data=SAMPLE.read_bytes().replace("南南合作".encode(), "南南合作：".encode(), 1))
    html = builder.build(edited, "html")
    assert html.ok and "南南合作：".encode() in html.data
    assert builder.build(edited, "html") is html
    edited_pdf = builder.build(edited, "pdf")
    assert edited_pdf.ok and edited_pdf.data != (out / "A_73_321-ZH.pdf").read_bytes()
    # The worker killed: the next layout is this process's, with the cold build's bytes.
    os.kill(worker, signal.SIGKILL)
    monkeypatch.setattr(pdf, "_render", render)
    again = builder.build_all([source], list(WRITERS), ["en"])
    assert [result.data for _, result in again] == [result.data for _, result in first]
    assert builder.worker_pid is None
    assert all(len(env.code) > 10 for env in environments)
    builder.close()


def test_the_layout_worker_ends_with_its_builder_and_is_not_made_for_formats_that_do_not_lay_out():
    builder = build.ResidentBuilder(WriteOptions(source_date_epoch=0), lambda: None, layout_workers=1)
    builder.warm(["akn", "html"])
    assert builder.worker_pid is None
    builder.warm(["pdf"])
    pid = builder.worker_pid
    assert pid is not None and Path(f"/proc/{pid}").exists()
    builder.close()
    assert builder.worker_pid is None and not Path(f"/proc/{pid}").exists()
    assert build.ResidentBuilder(WriteOptions(), lambda: None, layout_workers=0).layout_workers == 0


def test_a_missing_library_is_exit_8_naming_it_and_the_other_formats_are_built(tmp_path):
    """Exit 8 (a tool is missing) where WeasyPrint cannot be imported: the PDF jobs say so."""
    script = ("import sys; sys.modules['weasyprint'] = None\n"
              "from pipeline.cli import main; main(sys.argv[1:])\n")
    proc = subprocess.run([sys.executable, "-c", script, "build", str(MINIMAL), "--to", "akn,pdf", "-j", "2",
                           "-o", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert proc.returncode == 8, proc.stderr
    assert "error: the Python library 'weasyprint' is not installed" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "minimal.akn.xml").exists() and not (tmp_path / "out" / "minimal.pdf").exists()


def test_bilingual_pages_are_planned_cached_and_listed_like_any_output(tmp_path):
    """--bilingual goes through the build: the cache (keyed on both documents), the manifest."""
    original = tmp_path / "A_73_321-ZH.akn.xml"
    original.write_bytes(MINIMAL.read_bytes())
    args = (MINIMAL, "--bilingual", original, "--to", "html", "-o", tmp_path / "out", "-j", "1")
    first = build_json(*args, cache=tmp_path / "cache")
    assert statuses(first) == {"minimal.bilingual.html": "built"}
    assert statuses(build_json(*args, cache=tmp_path / "cache")) == {"minimal.bilingual.html": "up to date"}
    assert set(assert_release_consistent(tmp_path / "out")) == {"minimal.bilingual.html"}
    # The other document is an input of the page: changing it rebuilds it.
    original.write_bytes(MINIMAL.read_bytes().replace(b"</p>", b" </p>", 1))
    assert statuses(build_json(*args, cache=tmp_path / "cache")) == {"minimal.bilingual.html": "built"}


def test_merge_dates_the_translated_model_by_source_date_epoch(tmp_path):
    """Issue 14: `pipeline merge` wrote today's date even with SOURCE_DATE_EPOCH set."""
    import datetime
    build_json(MINIMAL, "-o", tmp_path / "out", "--to", "xliff", "--target-lang", "en", cache=tmp_path / "cache")
    (xliff,) = (tmp_path / "out").glob("*.en.xlf")
    run_pipeline("pseudo", xliff, "-o", tmp_path / "pseudo.en.xlf", cache=tmp_path / "cache", check=True)
    proc = run_pipeline("merge", MINIMAL, tmp_path / "pseudo.en.xlf", "-o", tmp_path / "merged",
                        cache=tmp_path / "cache")
    (merged,) = (tmp_path / "merged").glob("*.akn.xml")
    data = merged.read_bytes()
    assert b'<FRBRdate date="2018-08-07" name="markup"/>' in data, proc.stderr
    assert datetime.date.today().isoformat().encode() not in data


def test_the_install_stamp_ignores_the_current_folder(tmp_path, monkeypatch):
    """``python -m pipeline`` puts the current folder on ``sys.path``: an output folder made there
    is no installed package, and must not make every tool be asked its version again."""
    from pipeline import files
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "path", ["", *sys.path])
    before = files.install_stamp()
    time.sleep(0.01)
    (tmp_path / "output").mkdir()
    assert files.install_stamp() == before
    site = next(p for p in sys.path if p.endswith("-packages"))
    real_stat, other = os.stat, os.stat(tmp_path / "output")
    monkeypatch.setattr(os, "stat", lambda path, *a, **kw: other if path == site else real_stat(path, *a, **kw))
    assert files.install_stamp() != before        # a package folder that changes still counts
