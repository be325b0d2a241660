"""A large inventory on the controller alone: N hosts with connection: local, in two groups and a parent,
each given one file.managed by the top file. Measures `hastate inventory` (load and list), the time a
check takes to load and plan (until the first host starts), and the check's wall time per host after it
(local hosts: the controller forks a shell per host, so that is the per-host cost of the controller and
this machine). No lab: nothing leaves the machine."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "..", "cli", "target", "hastate.jar")


def write_fleet(folder, hosts):
    with open(os.path.join(folder, "inventory.yaml"), "w") as f:
        f.write("states: states\nvars: {site: bench}\nhosts:\n")
        for i in range(hosts):
            f.write(f"  h{i:05d}: {{connection: local}}\n")
        f.write("groups:\n  web:\n    hosts:\n")
        for i in range(0, hosts, 2):
            f.write(f"      - h{i:05d}\n")
        f.write("  db:\n    hosts:\n")
        for i in range(1, hosts, 2):
            f.write(f"      - h{i:05d}\n")
        f.write("  fleet: {children: [web, db], vars: {tier: one}}\n")
    states = os.path.join(folder, "states")
    os.makedirs(states)
    with open(os.path.join(states, "top.yaml"), "w") as f:
        f.write("'*': [motd]\n")
    with open(os.path.join(states, "motd.yaml"), "w") as f:
        f.write("motd:\n  file.managed:\n    name: " + folder + "/out/{{host.name}}\n"
                "    content: \"{{site}} {{tier}}\\n\"\n    makedirs: true\n")


def listing(folder):
    start = time.time()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "java", "-jar", JAR, "inventory", "-i", "inventory.yaml", "--format", "json"],
                       cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("bench: hastate inventory failed: " + r.stderr)
    return time.time() - start, int(r.stderr.strip().splitlines()[-1]) // 1024


def check(folder, forks, window, whole=False):
    """(load + plan s, hosts done, wall s, peak MB or None): stopped after window seconds, or run to its end
    (whole) with its peak resident memory."""
    start = time.time()
    argv = ["java", "-jar", JAR, "check", "-i", "inventory.yaml", "-f", str(forks)]
    if whole:
        argv = ["/usr/bin/time", "-f", "peak-kb %M"] + argv
    p = subprocess.Popen(argv, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    planned, done, peak = None, 0, None
    for line in p.stderr:
        if planned is None and line.rstrip().endswith(" started"):
            planned = time.time() - start
        if " done (" in line:
            done += 1
        if line.startswith("peak-kb "):
            peak = int(line.split()[1]) // 1024
        if not whole and time.time() - start > window:
            break
    elapsed = time.time() - start
    if not whole:
        p.kill()
    p.wait()
    return planned, done, elapsed, peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=20000)
    ap.add_argument("--forks", type=int, default=20)
    ap.add_argument("--window", type=int, default=120, help="seconds of the check to time (it is stopped then)")
    ap.add_argument("--whole", action="store_true", help="run the check to its end: its wall time and peak memory")
    a = ap.parse_args()
    folder = tempfile.mkdtemp(prefix="hastate-large-")
    try:
        write_fleet(folder, a.hosts)
        listed, peak = listing(folder)
        planned, done, elapsed, check_peak = check(folder, a.forks, a.window, a.whole)
        per_host = (elapsed - planned) / done * 1000 if done and planned else float("nan")
        if a.whole:
            print(f"| hosts | inventory listing s | listing peak MB | check: load + plan s | hosts checked | check wall s | wall ms per host (-f {a.forks}) | check peak MB |")
            print("|---|---|---|---|---|---|---|---|")
            print(f"| {a.hosts} | {listed:.2f} | {peak} | {planned:.2f} | {done} | {elapsed:.1f} | {per_host:.1f} | {check_peak} |")
        else:
            print(f"| hosts | inventory listing s | listing peak MB | check: load + plan s | hosts checked in {a.window} s | wall ms per host (-f {a.forks}) |")
            print("|---|---|---|---|---|---|")
            print(f"| {a.hosts} | {listed:.2f} | {peak} | {planned:.2f} | {done} | {per_host:.1f} |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
