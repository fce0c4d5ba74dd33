"""Every benchmark script runs end to end at tiny sizes (``--smoke``), so that a settings or code
change cannot silently break one. Nothing is measured here: no figure is asserted."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(p.name for p in (ROOT / "benchmarks").glob("*.py") if not p.name.startswith("_"))


def test_every_script_is_covered():
    assert set(SCRIPTS) == {
        "expensive_requests.py",
        "import_records.py",
        "ingest_tiling.py",
        "offline_packs.py",
        "opendata_harvest.py",
        "relic_map_bench.py",
        "search_latency.py",
        "tile_serving.py",
        "tiling_gigapixel.py",
        "viewer_weights.py",
        "visitor_pages.py",
    }, "a new benchmark script needs a --smoke run here"


def test_no_script_shadows_an_app():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").is_file()}
    assert not {Path(name).stem for name in SCRIPTS} & apps


@pytest.mark.parametrize("script", SCRIPTS)
def test_benchmark_runs_at_tiny_sizes(script, tmp_path):
    if script == "tile_serving.py":
        missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
        if not os.access("/usr/lib/iipimage-server/iipsrv.fcgi", os.X_OK):
            missing.append("iipimage-server")
        # bin/run-tests installs them when run as root; anywhere else, say what is missing.
        assert not missing, f"tile_serving.py needs {missing}: apt-get install wrk nginx iipimage-server"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["TMPDIR"] = str(tmp_path)
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), "--smoke"],
        cwd=tmp_path,  # not the repository: each script must find its own way
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, f"{script} --smoke failed:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}"
