"""SIGTERM or Ctrl+C in a real terminal (a pty) autosaves a draft that resumes exactly."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT


def start(data: Path) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "ARCHWIZ_DATA_DIR": str(data), "TERM": "xterm-256color"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wizard", "interview", "--blueprint", "web_three_tier"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    return proc, master


def pump(master: int, seconds: float) -> None:
    """Read (and drop) the screen output so the app never blocks on a full pty."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.read(master, 65536)
        except BlockingIOError:
            pass
        except OSError:
            return  # the app has exited and closed the terminal
        time.sleep(0.02)


@pytest.mark.parametrize("how", ["sigterm", "ctrl_c"])
def test_interrupt_saves_a_draft_that_resumes(tmp_path: Path, how: str) -> None:
    data = tmp_path / "data"
    proc, master = start(data)
    try:
        os.set_blocking(master, False)
        pump(master, 4.0)
        os.write(master, b"\x1b[B")  # down: multi_az (no option is preselected: the first is highlighted)
        pump(master, 0.5)
        os.write(master, b"\r")
        pump(master, 1.5)
        if how == "sigterm":
            proc.send_signal(signal.SIGTERM)
        else:
            os.write(master, b"\x03")
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            pump(master, 0.2)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    draft = yaml.safe_load((data / "drafts" / "web_three_tier.yaml").read_text())
    assert draft["blueprint"] == "web_three_tier"
    assert draft["answers"]["workload"] == {"availability": "multi_az"}
    from wizard.core.session import Session
    from wizard.io.answers_file import load_answers
    from wizard.io.content import load_catalog

    loaded = load_answers(data / "drafts" / "web_three_tier.yaml", load_catalog(), partial=True)
    session = Session(loaded.plan)
    session.load(loaded.answers)
    assert session.current()[1].id == "rto_seconds"  # type: ignore[index]  # resumes exactly where it stopped
