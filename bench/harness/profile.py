"""Where a cold check's time goes, on a lab fleet of light hosts: the check's wall time, the controller's
CPU (the JVM's start measured apart), and the hosts' CPU split into what sshd costs for any command (an
OpenSSH client running `true` on every host) and what hastate's fact script adds on top. On a machine
whose cores the hosts share, wall time is about the sum of the CPU over the cores."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import measure
from fleet import Fleet
from tools import Hastate
from watch import light_cpu_s

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def hosts_cpu_during(action):
    """(result of action(), CPU seconds the light hosts spent meanwhile)."""
    before = light_cpu_s()
    result = action()
    return result, light_cpu_s() - before


def ssh_true_everywhere(fleet):
    """One OpenSSH connection per host running `true`, all at once, with hastate's SSH policy."""
    procs = [subprocess.Popen(["ssh", "-i", fleet.key, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                               "-o", "KexAlgorithms=curve25519-sha256", "-o", "HostKeyAlgorithms=ssh-ed25519",
                               "-o", f"UserKnownHostsFile={fleet.known_hosts}", f"root@{h.address}", "true"])
             for h in fleet.hosts]
    if any(p.wait() != 0 for p in procs):
        raise SystemExit("profile: ssh true failed on a host")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--hosts", type=int, default=100)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--hastate", default=os.path.join(REPO, "hastate"))
    args = p.parse_args()
    cores = os.cpu_count()
    fleet = Fleet(os.path.join(REPO, "lab", "lab"), args.hosts)
    fleet.up()
    try:
        with tempfile.TemporaryDirectory(prefix="hastate-profile-") as workdir:
            tool = Hastate(args.hastate, fleet, workdir)
            if not tool.ok(tool.apply(), check=False):
                raise SystemExit("profile: the converge before the checks failed")
            checks, jvm, sshd, floor = [], [], [], []
            for _ in range(args.reps):
                m, hosts = hosts_cpu_during(tool.check)
                if m.rc != 0:
                    raise SystemExit(f"profile: a check after the converge found drift or failed (exit {m.rc})")
                checks.append((m.wall_s, m.cpu_s, hosts))
                jvm.append(measure.run([args.hastate, "--version"]).cpu_s)
                started = time.monotonic()
                sshd.append(hosts_cpu_during(lambda: ssh_true_everywhere(fleet))[1])
                floor.append(time.monotonic() - started)
    finally:
        fleet.down()
    n = args.hosts
    wall = statistics.median(c[0] for c in checks)
    controller = statistics.median(c[1] for c in checks)
    host_side = statistics.median(c[2] for c in checks)
    start = statistics.median(jvm)
    sshd_each = statistics.median(sshd) / n
    print(f"Cold check of {n} hosts, medians of {args.reps} ({cores} cores shared by the controller and the hosts):\n")
    print("| part | CPU s | per host ms |")
    print("|---|---:|---:|")
    print(f"| controller: JVM start (`hastate --version`) | {start:.2f} | |")
    print(f"| controller: the rest of the check | {controller - start:.2f} | {1000 * (controller - start) / n:.1f} |")
    print(f"| hosts: sshd, any command (`ssh HOST true`) | {sshd_each * n:.2f} | {1000 * sshd_each:.1f} |")
    print(f"| hosts: hastate's fact script on top | {host_side - sshd_each * n:.2f} | {1000 * (host_side / n - sshd_each):.1f} |")
    print(f"| all, over {cores} cores | {(controller + host_side) / cores:.2f} s | |")
    print(f"\nwall time of the check: {wall:.2f} s")
    print(f"wall time of OpenSSH running `true` on every host at once (no tool does less): {statistics.median(floor):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
