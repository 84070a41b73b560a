"""PDFs laid out on a Dask cluster: the same bytes as the local pool, even when a worker
is killed in the middle of a run; the output cache works the same."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import DATA, run_cli

try:
    import distributed
except ImportError:  # an optional extra; the test tools install it, and CI must have it
    if os.environ.get("CI"):
        pytest.fail("the Dask tests need distributed: pip install -e '.[test]'", pytrace=False)
    pytest.skip("distributed is not installed (pip install -e '.[test]')", allow_module_level=True)

# Every PDF of these builds is laid out by the workers: none taken from the run's store.
pytestmark = pytest.mark.usefixtures("renders_here")

SITE = """[site]
name = "Lakeside Clinic"
phone = "0100 555 7788"
emergency_number = "112"
fever = "38.3 °C"
"""


@pytest.fixture(scope="module")
def cluster():
    """One local cluster of two worker processes for the module, as `dask worker` runs."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny topic for a site, built by the local pool (its deck lock made first)."""
    work = tmp_path_factory.mktemp("cluster")
    (work / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", work / "content")
    (work / "allprint.toml").write_text(SITE, encoding="utf-8")
    result = run_cli("build", "--jobs", "2", "--out", "local", cwd=work)
    assert result.returncode == 0, result.stderr
    return work


def sums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and ".allprint-cache" not in p.parts
    }


class Laid(distributed.SchedulerPlugin):
    """Counts the render jobs the scheduler has seen finish."""

    def __init__(self) -> None:
        self.done = 0

    def transition(self, key, start, finish, *args, **kwargs) -> None:
        if finish == "memory" and str(key).startswith("run_remote"):
            self.done += 1


def sent(cluster) -> int:
    """How many render jobs the cluster has finished so far."""
    plugin = cluster.scheduler.plugins.get("laid")
    if plugin is None:
        plugin = Laid()
        cluster.scheduler.add_plugin(plugin, name="laid")
    return plugin.done


def test_a_dask_run_gives_the_bytes_of_a_local_run(cluster, project):
    address = cluster.scheduler_address
    sent(cluster)  # counting from here
    result = run_cli("build", "--scheduler", address, "--out", "dask", cwd=project)
    assert result.returncode == 0, result.stderr
    local = sums(project / "local")
    assert len(local) == 11  # 7 handouts, the printable cards, the deck in three forms
    assert sums(project / "dask") == local
    # The scheduler named in allprint.toml; the per-output cache works as with the local
    # pool: the settings changed, so the topic is read again, but nothing is laid out.
    settings = project / "allprint.toml"
    settings.write_text(f'[build]\nscheduler = "{address}"\n\n{SITE}', encoding="utf-8")
    before = sent(cluster)
    assert before > 0
    again = run_cli("build", "--out", "dask", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "0 files written" in again.stdout, again.stdout
    assert sent(cluster) == before


def test_a_worker_killed_mid_run_loses_nothing(cluster, project):
    watcher = distributed.Client(cluster.scheduler_address, set_as_default=False)
    killed: list[str] = []

    def kill_one_busy_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            busy = [w for w, tasks in watcher.processing().items() if tasks]
            if busy:
                pid = watcher.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)  # as the OOM killer or a lost machine would
                killed.append(busy[0])
            time.sleep(0.02)

    killer = threading.Thread(target=kill_one_busy_worker)
    killer.start()
    try:
        result = run_cli(
            "build", "--scheduler", cluster.scheduler_address, "--out", "killed", cwd=project
        )
    finally:
        killer.join()
        watcher.close()
    assert killed, "no worker was busy: the run was not interrupted"
    assert result.returncode == 0, result.stderr
    assert sums(project / "killed") == sums(project / "local")


def test_an_unreachable_scheduler_is_one_line(project):
    result = run_cli("build", "--scheduler", "udp://127.0.0.1:9", "--out", "none", cwd=project)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "cannot reach the Dask scheduler" in result.stderr
    assert not (project / "none" / "pamphlets").exists()
