"""hastate watch on a lab fleet: 100 light hosts in sync and one real pair. Measures the watch's own
CPU and memory over five minutes, the light hosts' CPU, how long a full check round of every host takes
over the held connections, and how soon a VIP deleted by hand on the pair's holder becomes an event."""
import argparse
import datetime
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
LAB = os.path.join(REPO, "lab", "lab")
HASTATE = os.path.join(REPO, "hastate")
STATE = "/var/lib/hastate-lab"
VIP = "10.77.100.1"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    """utime + stime + the children it waited for, in clock ticks."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in (11, 12, 13, 14))


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def light_pids():
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    pids = []
    for ns in re.findall(r"^(hl-l\d+)", out, re.M):
        pids += subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True).stdout.split()
    return pids


def light_cpu_s():
    total = 0
    for pid in light_pids():
        try:
            total += cpu_ticks(pid)
        except OSError:
            pass
    return total / TICKS


def instant(text):
    """Seconds since the epoch of an ISO instant as Java prints it (2026-12-01T06:00:00.123456789Z)."""
    whole, _, fraction = text.rstrip("Z").partition(".")
    return datetime.datetime.fromisoformat(whole).replace(tzinfo=datetime.timezone.utc).timestamp() + float("0." + (fraction or "0"))


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def on_host(host_address, key, known, command):
    out = subprocess.run(["ssh", "-i", key, "-o", "BatchMode=yes", "-o", f"UserKnownHostsFile={known}", f"root@{host_address}",
                          "date +%s%N; " + command], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0]) / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--light", type=int, default=100)
    ap.add_argument("--seconds", type=int, default=300, help="how long CPU and memory are measured")
    ap.add_argument("--trials", type=int, default=20)
    args = ap.parse_args()
    subprocess.run([LAB, "up", "--pairs", "1", "--light", str(args.light)], check=True)
    inventory = os.path.join(STATE, "inventory.yaml")
    text = open(inventory).read()
    p1a = re.search(r"^  p1a: \{address: ([0-9.]+)", text, re.M).group(1)
    work = tempfile.mkdtemp(prefix="hastate-watch-bench-")
    # One state every host keeps in sync: the watch's check rounds find nothing to change. A file per
    # host: the light hosts share this machine's /tmp.
    os.makedirs(os.path.join(work, "states"))
    open(os.path.join(work, "states", "top.yaml"), "w").write("'*': [bench]\n")
    open(os.path.join(work, "states", "bench.yaml"), "w").write(
        "bench:\n  file.managed: {name: \"/tmp/hastate-watch-bench-{{host.name}}\", content: \"in sync\\n\"}\n")
    for argv in (["--states", os.path.join(REPO, "states"), "-l", "full", "ha"], ["--states", os.path.join(work, "states"), "--forks", "50"]):
        done = subprocess.run([HASTATE, "apply", "-i", inventory, *argv], capture_output=True, text=True)
        if done.returncode != 0:
            # Each host's recap line says "failed=N": only the lines naming a failure, and the verdict.
            failed = "\n".join(line for line in done.stdout.splitlines() if "FAILED" in line or "UNREACHABLE" in line or "(exit " in line)
            raise SystemExit(f"bench: hastate apply {' '.join(argv)} failed:\n{failed[-3000:]}\n{done.stderr[-2000:]}")
    port = 9188
    log = open(os.path.join(work, "watch.log"), "w")
    watch = subprocess.Popen([HASTATE, "watch", "-i", inventory, "--states", os.path.join(work, "states"), "--listen", f"127.0.0.1:{port}",
                              "--interval", "30s", "--db", os.path.join(work, "history.db")], stderr=log, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if 'hastate_pair_vip_holders{pair="pair1",vip="10.77.100.1/32"} 1' in get(base + "/metrics"):
                    break
            except OSError:
                pass
            time.sleep(0.1)
        time.sleep(40)  # the first check round has connected every host
        java = watch.pid  # the launcher execs java
        c0, h0, t0 = cpu_ticks(java), light_cpu_s(), time.time()
        peak = 0.0
        while time.time() - t0 < args.seconds:
            peak = max(peak, rss_mb(java))
            time.sleep(5)
        c1, h1, t1 = cpu_ticks(java), light_cpu_s(), time.time()
        metrics = get(base + "/metrics")
        check_s = float(re.search(r"^hastate_check_duration_seconds ([0-9.]+)", metrics, re.M).group(1))
        drift = re.findall(r'^hastate_host_drift_states\{host="[^"]+"\} (-?\d+)', metrics, re.M)
        latencies = []
        key, known = os.path.join(STATE, "id_ed25519"), os.path.join(STATE, "known_hosts")
        for _ in range(args.trials):
            deleted = on_host(p1a, key, known, f"ip addr del {VIP}/32 dev eth0")
            seen = None
            for _ in range(100):
                events = json.loads(get(base + f"/api/events?since={int(deleted * 1000)}"))
                outages = [e for e in events if e["kind"] == "outage"]
                if outages:
                    seen = outages[0]["at"]
                    break
                time.sleep(0.05)
            if seen is None:
                raise SystemExit("bench: the deleted VIP never became an event")
            latencies.append((instant(seen) - deleted) * 1000)
            time.sleep(3)  # keepalived adds its VIP back
    finally:
        watch.terminate()
        watch.wait(timeout=30)
        for stale in glob.glob("/tmp/hastate-watch-bench-*"):
            if os.path.isfile(stale):
                os.unlink(stale)
    cpu_pct = 100 * (c1 - c0) / TICKS / (t1 - t0)
    host_pct = 100 * (h1 - h0) / (t1 - t0)
    lat = sorted(latencies)
    p95 = lat[max(0, int(round(0.95 * len(lat))) - 1)]
    result = {"light_hosts": args.light, "seconds": round(t1 - t0), "controller_cpu_pct": round(cpu_pct, 2), "controller_peak_rss_mb": round(peak, 1),
              "light_hosts_cpu_pct_of_one_core": round(host_pct, 2), "check_round_s": check_s,
              "hosts_with_drift": sum(1 for d in drift if int(d) > 0),
              "detection_ms": {"trials": len(lat), "median": round(statistics.median(lat)), "p95": round(p95), "max": round(lat[-1])}}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
