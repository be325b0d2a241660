"""What a converge from blank starts on a host, program by program: one light host of a two-host fleet
is reset to blank and converged while strace follows its sshd; every process created and every program
run is counted. For each hastate given (--hastate, repeatable), in that order, --reps times."""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

from fleet import Fleet
from tools import Hastate

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def sshd_of(host):
    """The pid of the light host's listening sshd."""
    pids = subprocess.run(["ip", "netns", "pids", f"hl-{host.name}"], check=True, capture_output=True, text=True).stdout.split()
    for pid in pids:
        try:
            comm = open(f"/proc/{pid}/comm").read().strip()
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
        except FileNotFoundError:
            continue
        # sshd names its listening process in its title.
        if comm == "sshd" and b"[listener]" in cmdline:
            return pid
    raise SystemExit(f"converge profile: no listening sshd in hl-{host.name}")


def traced_converge(tool, fleet, host, trace):
    """Converges the fleet from blank while strace follows the host's sshd; returns the apply's result."""
    fleet.reset_blank()
    tracer = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=execve,clone,clone3,fork,vfork", "-o", trace, "-p", sshd_of(host)],
                              stderr=subprocess.DEVNULL)
    time.sleep(0.5)   # strace attached before the first connection
    result = tool.apply()
    time.sleep(0.3)
    tracer.terminate()
    tracer.wait(10)
    if result.rc != 0:
        raise SystemExit("converge profile: the apply failed\n" + result.output[-2000:])
    return result


def counted(trace):
    """(processes created, programs run by name) in a strace output."""
    created = 0
    programs = collections.Counter()
    for line in open(trace, errors="replace"):
        if re.search(r"\b(clone|clone3|fork|vfork)\(", line) and not re.search(r"= -\d", line):
            created += 1
        m = re.search(r'execve\("([^"]+)"', line)
        if m and not re.search(r"= -\d", line):
            programs[os.path.basename(m.group(1))] += 1
    return created, programs


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--hastate", action="append", help="a hastate launcher (repeatable); default this checkout's")
    p.add_argument("--reps", type=int, default=3)
    args = p.parse_args()
    launchers = args.hastate or [os.path.join(REPO, "hastate")]
    fleet = Fleet(os.path.join(REPO, "lab", "lab"), 2)
    fleet.up()
    try:
        with tempfile.TemporaryDirectory() as work:
            for launcher in launchers:
                tool = Hastate(launcher, fleet, os.path.join(work, str(launchers.index(launcher))))
                runs = []
                for rep in range(args.reps):
                    trace = os.path.join(work, f"trace-{launchers.index(launcher)}-{rep}")
                    traced_converge(tool, fleet, fleet.hosts[0], trace)
                    runs.append(counted(trace))
                created = sorted(r[0] for r in runs)
                programs = runs[len(runs) // 2][1]
                print(f"| {launcher} | {created[len(created) // 2]} ({created[0]}-{created[-1]}) | {sum(programs.values())} | "
                      + ", ".join(f"{n} {c}" for n, c in programs.most_common()) + " |")
                sys.stdout.flush()
    finally:
        fleet.down()


if __name__ == "__main__":
    main()
