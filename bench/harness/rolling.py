"""A one-line keepalived change rolled over full-host pairs while a client probes every pair's VIP every
100 ms: hastate's pair-aware apply against the playbook an expert would write for it (one node of each
pair at a time, the standby first, a reload handler, the VIP checked between the two nodes), run by
Ansible with Mitogen and by tuned Ansible. Wall time, probes lost and VRRP state changes per tool."""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import measure
from tools import DISPLAY_NAMES, INVENTORY_VARS, close_multiplexed, playbook_env, write_config

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
LAB = os.path.join(REPO, "lab", "lab")
HASTATE = os.path.join(REPO, "hastate")
STATE = os.environ.get("HASTATE_LAB_STATE", "/var/lib/hastate-lab")
KEY = os.path.join(STATE, "id_ed25519")
KNOWN_HOSTS = os.path.join(STATE, "known_hosts")

# What an expert writes for a one-line change to a running pair: the standby of every pair first (the
# inventory lists them first, and each batch is half the nodes), a reload rather than a restart, and
# before the next batch the pair's VIP must answer from exactly one node.
PLAYBOOK = """\
- name: Roll the router_id change over the pairs, one node of each pair at a time
  hosts: nodes
  gather_facts: false
  serial: "50%"
  order: inventory
  max_fail_percentage: 0
  tasks:
    - name: router_id
      ansible.builtin.lineinfile:
        path: /etc/keepalived/keepalived.conf
        regexp: '^(\\s*)router_id\\s'
        line: '\\1router_id {{ inventory_hostname }}-{{ change }}'
        backrefs: true
        backup: true
      notify: reload keepalived

    - name: Reload now, before the VIP is checked
      ansible.builtin.meta: flush_handlers

    - name: Which nodes of the pair hold its VIP
      ansible.builtin.command: ip -o -4 addr show to {{ vip }}
      delegate_to: "{{ item }}"
      loop: "{{ pair_nodes }}"
      register: held
      changed_when: false

    - name: Exactly one node holds it
      ansible.builtin.assert:
        that: held.results | selectattr('stdout', 'ne', '') | list | length == 1

    - name: The VIP answers
      ansible.builtin.wait_for:
        host: "{{ vip }}"
        port: 22
        timeout: 10
      delegate_to: localhost

  handlers:
    - name: reload keepalived
      ansible.builtin.systemd:
        name: keepalived
        state: reloaded
"""


class BenchError(Exception):
    pass


def sh(argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw).stdout


def ssh(address, command):
    return sh(["ssh", "-i", KEY, "-o", f"UserKnownHostsFile={KNOWN_HOSTS}", "-o", "StrictHostKeyChecking=yes",
               "-o", "BatchMode=yes", f"root@{address}", command])


class Pairs:
    """The lab's full-host pairs, read from the inventory lab/lab wrote: nodes, addresses, VIPs."""

    def __init__(self):
        import yaml
        with open(os.path.join(STATE, "inventory.yaml")) as f:
            inventory = yaml.safe_load(f)
        self.address = {name: h["address"] for name, h in inventory["hosts"].items()}
        self.pairs = {}
        for name, pair in inventory["pairs"].items():
            nodes = list(pair["nodes"])
            master = next(n for n, v in pair["nodes"].items() if (v or {}).get("state") == "MASTER")
            vip = pair["vrrp"]["vips"][0].split("/")[0]
            self.pairs[name] = {"nodes": nodes, "master": master, "vip": vip}

    def holders(self, pair):
        p = self.pairs[pair]
        return [n for n in p["nodes"] if f" {p['vip']}/" in ssh(self.address[n], "ip -o -4 addr show dev eth0")]

    def transitions(self, since):
        total = 0
        for address in self.address.values():
            out = ssh(address, f"journalctl -u keepalived --since @{since} --no-pager -o cat")
            total += len(re.findall(r"\) [Ee]ntering [A-Za-z]+ (STATE|state)", out))
        return total


class Probers:
    """One ping every 100 ms at each VIP (a reply later than 100 ms counts as lost), from the lab's LAN."""

    def __init__(self, vips):
        self.procs = {vip: subprocess.Popen(["ping", "-n", "-O", "-i", "0.1", "-W", "0.1", vip], stdout=subprocess.PIPE,
                                            stderr=subprocess.STDOUT, text=True) for vip in vips}
        time.sleep(1)

    def finish(self):
        """{vip: (answered, lost)}."""
        time.sleep(1)
        out = {}
        for vip, proc in self.procs.items():
            proc.send_signal(signal.SIGINT)
            text = proc.communicate(timeout=10)[0]
            out[vip] = (text.count("bytes from"), len(re.findall(r"^no answer yet", text, re.M)))
        return out


class HastateRollout:
    name = "hastate"

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "hastate")
        os.makedirs(self.dir, exist_ok=True)

    def states(self, change):
        """The HA tree with router_id "<node>-<change>": the one-line change."""
        states = os.path.join(self.dir, f"states-{change}")
        os.makedirs(os.path.join(states, "ha"), exist_ok=True)
        with open(os.path.join(REPO, "states", "ha", "init.yaml")) as f:
            tree = f.read()
        declared = 'router_id: "{{host.name}}"'
        if declared not in tree:
            raise BenchError("the HA tree no longer declares router_id as the node's name: update the rolling change")
        with open(os.path.join(states, "ha", "init.yaml"), "w") as f:
            f.write(tree.replace(declared, f'router_id: "{{{{host.name}}}}-{change}"'))
        # The tree's other files (templates) go along unchanged.
        for name in os.listdir(os.path.join(REPO, "states", "ha")):
            if name != "init.yaml":
                shutil.copyfile(os.path.join(REPO, "states", "ha", name), os.path.join(states, "ha", name))
        return states

    def roll(self, change):
        return measure.run([HASTATE, "apply", "-i", os.path.join(STATE, "inventory.yaml"), "--states", self.states(change),
                            "-l", "full", "ha"], cwd=self.dir)


class AnsibleRollout:
    def __init__(self, workdir, flavour, pairs):
        self.name = flavour
        self.dir = os.path.join(workdir, flavour)
        self.control_dir = os.path.join(self.dir, "cp")
        os.makedirs(self.control_dir, exist_ok=True)
        write_config(self.dir, flavour, key=KEY, known_hosts=KNOWN_HOSTS, control_dir=self.control_dir,
                     forks=max(10, len(pairs.address)))
        with open(os.path.join(self.dir, "rolling.yml"), "w") as f:
            f.write(PLAYBOOK)
        standbys = [n for p in pairs.pairs.values() for n in p["nodes"] if n != p["master"]]
        masters = [p["master"] for p in pairs.pairs.values()]
        with open(os.path.join(self.dir, "hosts.yml"), "w") as f:
            f.write(f"all:\n  vars: {json.dumps(INVENTORY_VARS)}\n  children:\n    nodes:\n      hosts:\n")
            for name in standbys + masters:
                pair = next(p for p in pairs.pairs.values() if name in p["nodes"])
                host_vars = {"ansible_host": pairs.address[name], "vip": pair["vip"], "pair_nodes": pair["nodes"]}
                f.write(f"        {name}: {json.dumps(host_vars)}\n")

    def roll(self, change):
        m = measure.run(["ansible-playbook", "rolling.yml", "-e", f"change={change}"], cwd=self.dir, env=playbook_env(self.dir))
        close_multiplexed(self.control_dir)
        return m


def same_as_declared(hastate, change):
    """After any tool's roll, hastate's check of the tree with that change finds nothing to do."""
    m = measure.run([HASTATE, "check", "-i", os.path.join(STATE, "inventory.yaml"), "--states", hastate.states(change),
                     "-l", "full", "ha"])
    if m.rc != 0:
        raise BenchError(f"after the {change} roll, hastate's check of the same change is not clean:\n{m.output[-2000:]}")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--pairs", type=int, default=3, help="full-host pairs (Debian 12)")
    p.add_argument("--reps", type=int, default=3, help="rolls per tool, tools rotating")
    p.add_argument("--tools", default="hastate,mitogen,ansible")
    args = p.parse_args()
    subprocess.run([LAB, "up", "--pairs", str(args.pairs)], check=True)
    pairs = Pairs()
    with tempfile.TemporaryDirectory(prefix="hastate-rolling-") as workdir:
        hastate = HastateRollout(workdir)
        base = measure.run([HASTATE, "apply", "-i", os.path.join(STATE, "inventory.yaml"), "-l", "full", "ha"])
        if base.rc != 0:
            raise BenchError(f"the HA tree did not apply:\n{base.output[-2000:]}")
        tools = [hastate if n == "hastate" else AnsibleRollout(workdir, n, pairs) for n in args.tools.split(",")]
        results = {t.name: [] for t in tools}
        change = 0
        for rep in range(args.reps):
            for tool in tools[rep % len(tools):] + tools[:rep % len(tools)]:
                for name, pair in pairs.pairs.items():
                    if pairs.holders(name) != [pair["master"]]:
                        raise BenchError(f"{name}: VIP held by {pairs.holders(name)} before the roll, not {pair['master']}")
                change += 1
                since = int(ssh(next(iter(pairs.address.values())), "date +%s").strip())
                probers = Probers([p["vip"] for p in pairs.pairs.values()])
                m = tool.roll(f"r{change}")
                probes = probers.finish()
                if m.rc != 0:
                    raise BenchError(f"{tool.name} roll r{change}: exit {m.rc}\n{m.output[-3000:]}")
                same_as_declared(hastate, f"r{change}")
                lost = sum(l for _, l in probes.values())
                sent = sum(a + l for a, l in probes.values())
                results[tool.name].append({"wall_s": m.wall_s, "cpu_s": m.cpu_s, "lost": lost, "probes": sent,
                                           "transitions": pairs.transitions(since)})
                print(f"rolling: {tool.name} r{change}: {m.wall_s:.2f} s, {lost} of {sent} probes lost, "
                      f"{results[tool.name][-1]['transitions']} VRRP state changes", flush=True)
    print(f"\n{args.pairs} pairs of Debian 12 full hosts, router_id changed on every node, {args.reps} rolls per tool:\n")
    print("| tool | wall s (median) | controller CPU s | probes lost (all rolls) | VRRP state changes (all rolls) |")
    print("|---|---:|---:|---:|---:|")
    for name, rs in results.items():
        print(f"| {DISPLAY_NAMES[name]} | {statistics.median(r['wall_s'] for r in rs):.2f} "
              f"| {statistics.median(r['cpu_s'] for r in rs):.2f} | {sum(r['lost'] for r in rs)} of {sum(r['probes'] for r in rs)} "
              f"| {sum(r['transitions'] for r in rs)} |")


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print(f"rolling: error: {e}", file=sys.stderr)
        sys.exit(1)
