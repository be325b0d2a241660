"""Runs one command and measures it from outside: wall time, CPU time of the command and every
process it waited for, and the peak resident memory of its whole process tree (sampled)."""
import os
import subprocess
import threading
import time
from dataclasses import dataclass


@dataclass
class Measurement:
    rc: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    output: str


def _tree_rss_kb(root_pid):
    children = {}
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run(argv, cwd=None, env=None, timeout_s=1800):
    """Runs argv to completion; output (stdout and stderr together) is kept for the caller to parse."""
    out_path = f"/tmp/hastate-bench-{os.getpid()}.out"
    with open(out_path, "w+") as out:
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = [0]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        deadline = start + timeout_s
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.monotonic() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    os.unlink(out_path)
    return Measurement(proc.returncode, wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024, text)
