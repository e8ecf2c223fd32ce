"""Worker processes die with the process that started them (a killed kernel leaves nothing behind)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from helpers.compute import ProcessPool

    def hang(folder):
        Path(folder, str(os.getpid())).write_text(str(os.getppid()))
        time.sleep(600)

    if __name__ == "__main__":
        for _ in ProcessPool(2, caller_helps=False).run(hang, [((sys.argv[1],), 1) for _ in range(4)]):
            pass
    """
)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; only its entry waits to be reaped


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_workers_and_fork_server_exit_when_the_owner_is_killed(tmp_path):
    script, folder = tmp_path / "owner.py", tmp_path / "pids"
    folder.mkdir()
    script.write_text(SCRIPT, encoding="utf-8")
    owner = subprocess.Popen([sys.executable, str(script), str(folder)], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while len(list(folder.iterdir())) < 2:
            assert time.monotonic() < deadline and owner.poll() is None, "the pool did not start"
            time.sleep(0.2)
        workers = [int(p.name) for p in folder.iterdir()]
        children = sorted({*workers, *(int(p.read_text()) for p in folder.iterdir())})  # + the fork server
        assert len(children) == 3 and all(_running(p) for p in children)
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait()
    deadline = time.monotonic() + 10
    while any(_running(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p for p in children if _running(p)] == []
    # nor anything else the owner started (the second pool, the resource tracker)
    orphans = [
        int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _running(int(p.name))
        and str(script.parent) in Path(f"/proc/{p.name}/cmdline").read_bytes().decode(errors="replace")
    ]  # fmt: skip
    assert orphans == [] or os.getpid() in orphans
