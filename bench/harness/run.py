"""hastate against Ansible with Mitogen and tuned Ansible on the same lab fleet: each scenario runs every
tool on the same hosts, rotating which goes first, several times; prints medians, the ratios, and how cost
grows with hosts."""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time

from fleet import Fleet, SYSCTLS
from tools import DISPLAY_NAMES, Ansible, Hastate

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SCENARIOS = ("check", "check-drift", "converge", "reapply", "change-one")


class BenchError(Exception):
    pass


def run_scenario(scenario, tool, fleet, drifted):
    if scenario == "converge":
        fleet.reset_blank()
    if scenario == "change-one":
        fleet.edit_one_file()
    before = fleet.sshd_log_sizes()
    m = tool.check() if scenario.startswith("check") else tool.apply()
    usage = fleet.ssh_usage_since(before)
    if not tool.ok(m, scenario.startswith("check")):
        raise BenchError(f"{tool.name} {scenario} on {len(fleet.hosts)} hosts: exit {m.rc}\n{m.output[-3000:]}")
    changed = tool.changed_hosts(m)
    expected = {"check": [], "check-drift": drifted, "reapply": [], "converge": sorted(h.name for h in fleet.hosts),
                "change-one": sorted(h.name for h in fleet.hosts)}[scenario]
    if changed != expected:
        raise BenchError(f"{tool.name} {scenario}: hosts reported changed {changed[:10]}..., expected {expected[:10]}...")
    conns = [c for c, _ in usage.values()]
    cmds = [n for _, n in usage.values()]
    return {"wall_s": m.wall_s, "cpu_s": m.cpu_s, "peak_rss_mb": m.peak_rss_mb,
            "conns_per_host": statistics.mean(conns), "max_conns_per_host": max(conns),
            "cmds_per_host": statistics.mean(cmds), "max_cmds_per_host": max(cmds)}


def same_state(tools):
    first = tools[0]
    for other in tools[1:]:
        a, b = first.snapshot_after, other.snapshot_after
        if a != b:
            diff = [(h, a[h], b[h]) for h in a if a[h] != b.get(h)][:3]
            raise BenchError(f"{first.name} and {other.name} left different host state: {diff}")
    for host, s in first.snapshot_after.items():
        if s["live"] != SYSCTLS or s["sysctl.d"] != SYSCTLS or None in s["files"].values():
            raise BenchError(f"{host} is not in the desired state after converge: {s}")


def bench_size(size, reps, hastate, workdir, context, tool_names, scenarios=SCENARIOS):
    fleet = Fleet(os.path.join(REPO, "lab", "lab"), size)
    fleet.up()
    try:
        tools = [Hastate(hastate, fleet, workdir) if n == "hastate" else Ansible(fleet, workdir, n) for n in tool_names]
        runs = {(s, t.name): [] for s in scenarios for t in tools}
        drifted = []
        if "converge" not in scenarios:
            # The other scenarios start from the desired state: converge first, unmeasured.
            fleet.reset_blank()
            if not tools[0].ok(tools[0].apply(), check=False):
                raise BenchError(f"{tools[0].name} could not converge {size} hosts before the measured scenarios")
        for scenario in (s for s in ("converge", "reapply", "change-one", "check", "check-drift") if s in scenarios):
            if scenario == "check-drift":
                drifted = fleet.drift(0.10)
            for rep in range(reps):
                # Each tool goes first in turn: caches warmed by one run do not always favour the same tool.
                for tool in tools[rep % len(tools):] + tools[:rep % len(tools)]:
                    runs[(scenario, tool.name)].append(run_scenario(scenario, tool, fleet, drifted))
                    if scenario == "converge":
                        tool.snapshot_after = fleet.snapshot()
                if scenario == "converge":
                    same_state(tools)
            print(f"bench: {size} hosts, {scenario}: " + ", ".join(
                f"{t.name} {statistics.median(r['wall_s'] for r in runs[(scenario, t.name)]):.2f} s" for t in tools), flush=True)
        if context:
            # Untuned Ansible once, for context only: forks 5, no pipelining, interpreter discovery.
            untuned = Ansible(fleet, workdir, "ansible-defaults")
            runs[("check-drift", untuned.name)] = [run_scenario("check-drift", untuned, fleet, drifted)]
            print(f"bench: {size} hosts, check-drift: {untuned.name} {runs[('check-drift', untuned.name)][0]['wall_s']:.2f} s", flush=True)
        return runs
    finally:
        fleet.down()


def summarize(size, runs, tool_names, scenarios=SCENARIOS):
    rows = []
    for scenario in scenarios:
        row = {"hosts": size, "scenario": scenario}
        for tool in tool_names:
            rs = runs[(scenario, tool)]
            row[tool] = {
                "wall_s": statistics.median(r["wall_s"] for r in rs),
                "cpu_s": statistics.median(r["cpu_s"] for r in rs),
                "peak_rss_mb": max(r["peak_rss_mb"] for r in rs),
                "conns_per_host": statistics.median(r["conns_per_host"] for r in rs),
                "cmds_per_host": statistics.median(r["cmds_per_host"] for r in rs),
                "max_cmds_per_host": max(r["max_cmds_per_host"] for r in rs),
                "runs": len(rs),
            }
        rows.append(row)
    return rows


def check_budget(rows):
    """A check costs one SSH connection and at most two commands per host, as sshd counts them."""
    for r in rows:
        h = r["hastate"]
        if r["scenario"].startswith("check") and (h["conns_per_host"] > 1 or h["max_cmds_per_host"] > 2):
            raise BenchError(f"hastate {r['scenario']} on {r['hosts']} hosts used {h['conns_per_host']} connections and "
                             f"up to {h['max_cmds_per_host']} commands per host (budget: 1 and 2)")


def table(rows, tool_names):
    peers = [t for t in tool_names if t != "hastate"]
    def each(row, fmt, key):
        return " / ".join(fmt.format(row[t][key]) for t in tool_names)
    head = (["hosts", "scenario"] + [f"{DISPLAY_NAMES[t]} wall s" for t in tool_names] + [f"vs {DISPLAY_NAMES[t]}" for t in peers]
            + ["CPU s (" + " / ".join(DISPLAY_NAMES[t] for t in tool_names) + ")", "peak MB", "conn/cmd per host"])
    lines = ["| " + " | ".join(head) + " |", "|---:|---|" + "---:|" * (len(tool_names) + len(peers)) + "---|---|---|"]
    for r in rows:
        cells = [str(r["hosts"]), r["scenario"]] + [f"{r[t]['wall_s']:.2f}" for t in tool_names]
        cells += [f"{r[t]['wall_s'] / r['hastate']['wall_s']:.1f}x" for t in peers]
        cells += [each(r, "{:.2f}", "cpu_s"), each(r, "{:.0f}", "peak_rss_mb"),
                  " / ".join(f"{r[t]['conns_per_host']:.1f}/{r[t]['cmds_per_host']:.1f}" for t in tool_names)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sizes", default="2,10,50,100,200", help="fleet sizes, comma-separated")
    p.add_argument("--reps", type=int, default=3, help="runs of each tool per scenario and size")
    p.add_argument("--hastate", default=os.path.join(REPO, "hastate"), help="the hastate command (the launcher)")
    p.add_argument("--context-size", type=int, default=10, help="fleet size at which untuned Ansible runs once")
    p.add_argument("--tools", default="hastate,mitogen,ansible", help="hastate and the Ansible flavours to run: mitogen, ansible")
    p.add_argument("--scenarios", default=",".join(SCENARIOS), help="which of " + ", ".join(SCENARIOS))
    p.add_argument("--smoke", action="store_true", help="also hold hastate to its SSH budget for a check")
    p.add_argument("--out", default=os.path.join(REPO, "bench", "out"), help="where the JSON results go")
    args = p.parse_args()
    tool_names = args.tools.split(",")
    if tool_names[0] != "hastate" or any(t not in DISPLAY_NAMES or t == "ansible-defaults" for t in tool_names):
        raise BenchError(f"--tools {args.tools}: hastate first, then any of mitogen, ansible")
    scenarios = tuple(args.scenarios.split(","))
    if not scenarios or any(s not in SCENARIOS for s in scenarios):
        raise BenchError(f"--scenarios {args.scenarios}: any of {', '.join(SCENARIOS)}")
    rows, context_rows = [], []
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, time.strftime("results-%Y%m%d-%H%M%S.json"))
    with tempfile.TemporaryDirectory(prefix="hastate-bench-") as workdir:
        for size in (int(s) for s in args.sizes.split(",")):
            runs = bench_size(size, args.reps, args.hastate, workdir, size == args.context_size, tool_names, scenarios)
            rows += summarize(size, runs, tool_names, scenarios)
            if ("check-drift", "ansible-defaults") in runs:
                r = runs[("check-drift", "ansible-defaults")][0]
                context_rows.append({"hosts": size, "scenario": "check-drift", "ansible-defaults": r})
            # Written after every size: a long run stopped halfway keeps what it measured.
            with open(path, "w") as f:
                json.dump({"tools": tool_names, "rows": rows, "context": context_rows}, f, indent=2)
            print(table(rows[-len(scenarios):], tool_names), flush=True)
    if len(rows) > len(scenarios):
        print("\nAll sizes:\n" + table(rows, tool_names))
    if args.smoke:
        check_budget(rows)
    for c in context_rows:
        r = c["ansible-defaults"]
        print(f"\nFor context, Ansible untuned (forks 5, no pipelining), {c['hosts']} hosts, check-drift: "
              f"{r['wall_s']:.2f} s wall, {r['cpu_s']:.2f} s CPU, {r['conns_per_host']:.1f} connections and "
              f"{r['cmds_per_host']:.1f} commands per host")
    print(f"bench: results in {path}")


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        sys.exit(1)
