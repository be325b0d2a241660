"""The two tools under test, each given the same fleet, the same desired state (../desired) and the
same SSH policy (ed25519 host keys checked against the lab's known_hosts, curve25519 key exchange)."""
import json
import os
import re
import shutil
import subprocess

import measure

DESIRED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "desired")


def _host_vars(h):
    return {"node": h.name, "vrid": h.vrid, "priority": h.priority, "state": h.state, "vip": h.vip}


class Hastate:
    name = "hastate"

    def __init__(self, launcher, fleet, workdir):
        self.launcher, self.fleet, self.dir = launcher, fleet, os.path.join(workdir, "hastate")
        os.makedirs(self.dir, exist_ok=True)
        states = os.path.join(self.dir, "states")
        shutil.rmtree(states, ignore_errors=True)
        shutil.copytree(os.path.join(DESIRED, "states"), states)
        with open(os.path.join(self.dir, "inventory.yaml"), "w") as f:
            # JSON is YAML: one line per host keeps a 100-host inventory readable.
            f.write(f"states: states\nssh: {json.dumps({'known_hosts': fleet.known_hosts})}\nhosts:\n")
            for h in fleet.hosts:
                host_vars = dict(_host_vars(h), hastate_backup_dir="/etc/keepalived/.backups")
                f.write(f"  {h.name}: {json.dumps({'address': h.address, 'user': 'root', 'identity': fleet.key, 'vars': host_vars})}\n")

    def _run(self, command):
        forks = str(max(10, len(self.fleet.hosts)))
        # -q: the JSON report is read from stdout and stderr together; no progress lines among it.
        argv = [self.launcher, command, "-i", "inventory.yaml", "--forks", forks, "--format", "json", "-q"]
        return measure.run(argv, cwd=self.dir)

    def check(self):
        return self._run("check")

    def apply(self):
        return self._run("apply")

    @staticmethod
    def changed_hosts(m):
        """Hosts with a state that changed or would change, from the JSON report."""
        report = json.loads(m.output[m.output.index("{"):])
        return sorted(h["name"] for h in report["hosts"]
                      if any(s["status"] in ("changed", "would_change") for s in h["states"]))

    @staticmethod
    def ok(m, check):
        return m.rc in ((0, 2) if check else (0,))


FLAVOURS = ("mitogen", "ansible", "ansible-defaults")
DISPLAY_NAMES = {"hastate": "hastate", "mitogen": "Ansible+Mitogen", "ansible": "Ansible", "ansible-defaults": "Ansible untuned"}
MITOGEN_STRATEGIES = "/usr/lib/python3/dist-packages/ansible_mitogen/plugins/strategy"


# Mitogen reads the interpreter from the inventory only (it ignores interpreter_python and would try
# /usr/bin/python, then discover): the same fixed interpreter for every tuned flavour, where each reads it.
INVENTORY_VARS = {"ansible_python_interpreter": "/usr/bin/python3"}


def write_config(directory, flavour, key, known_hosts, control_dir, forks):
    """ansible.cfg in directory, for hosts.yml beside it: "ansible" tuned as its users tune it (forks >=
    hosts, pipelining, a fixed interpreter, no fact gathering, SSH multiplexing, the same key exchange and
    host-key policy as hastate); "mitogen" the same with Mitogen's strategy; "ansible-defaults" only what
    it needs to reach the hosts the same way."""
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown Ansible flavour {flavour}")
    ssh_args = ("-o ControlMaster=auto -o ControlPersist=60s -o KexAlgorithms=curve25519-sha256 "
                "-o HostKeyAlgorithms=ssh-ed25519 -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes "
                f"-o UserKnownHostsFile={known_hosts}")
    with open(os.path.join(directory, "ansible.cfg"), "w") as f:
        if flavour == "ansible-defaults":
            f.write(f"[defaults]\ninventory = hosts.yml\nremote_user = root\nprivate_key_file = {key}\n"
                    f"\n[ssh_connection]\nssh_args = {ssh_args}\ncontrol_path_dir = {control_dir}\n")
            return
        # Mitogen replaces the per-task SSH channel and Python start with one interpreter kept per host.
        mitogen = f"strategy_plugins = {MITOGEN_STRATEGIES}\nstrategy = mitogen_linear\n" if flavour == "mitogen" else ""
        f.write(f"""[defaults]
{mitogen}inventory = hosts.yml
forks = {forks}
remote_user = root
private_key_file = {key}
interpreter_python = /usr/bin/python3
gathering = explicit
host_key_checking = True
retry_files_enabled = False
deprecation_warnings = False

[ssh_connection]
pipelining = True
ssh_args = {ssh_args}
control_path_dir = {control_dir}
""")


def playbook_env(directory):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(directory, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
               HOME=os.path.join(directory, "home"))
    os.makedirs(env["HOME"], exist_ok=True)
    return env


def close_multiplexed(control_dir):
    """Each run starts cold, as hastate's does: close the multiplexed connections a run left."""
    subprocess.run(["pkill", "-f", control_dir], check=False)


class Ansible:
    name = "ansible"

    def __init__(self, fleet, workdir, flavour="ansible"):
        """flavour: "ansible" (tuned), "mitogen" (tuned, with Mitogen's strategy) or "ansible-defaults"."""
        self.name = flavour
        self.fleet, self.dir = fleet, os.path.join(workdir, self.name)
        os.makedirs(self.dir, exist_ok=True)
        self.control_dir = os.path.join(self.dir, "cp")
        os.makedirs(self.control_dir, exist_ok=True)
        shutil.copy(os.path.join(DESIRED, "ansible", "site.yml"), os.path.join(self.dir, "site.yml"))
        shutil.copy(os.path.join(DESIRED, "states", "templates", "keepalived.conf.tmpl"), os.path.join(self.dir, "keepalived.conf.tmpl"))
        with open(os.path.join(self.dir, "site.yml")) as f:
            playbook = f.read().replace("../states/templates/keepalived.conf.tmpl", "keepalived.conf.tmpl")
        with open(os.path.join(self.dir, "site.yml"), "w") as f:
            f.write(playbook)
        with open(os.path.join(self.dir, "hosts.yml"), "w") as f:
            # Untuned Ansible discovers its interpreter, as installed.
            fixed = INVENTORY_VARS if flavour != "ansible-defaults" else {}
            f.write(f"all:\n  vars: {json.dumps(fixed)}\n  hosts:\n")
            for h in fleet.hosts:
                host_vars = dict(_host_vars(h), ansible_host=h.address)
                f.write(f"    {h.name}: {json.dumps(host_vars)}\n")
        write_config(self.dir, flavour, key=fleet.key, known_hosts=fleet.known_hosts,
                     control_dir=self.control_dir, forks=max(10, len(fleet.hosts)))

    def _run(self, extra):
        m = measure.run(["ansible-playbook", "site.yml", *extra], cwd=self.dir, env=playbook_env(self.dir))
        close_multiplexed(self.control_dir)
        return m

    def check(self):
        return self._run(["--check"])

    def apply(self):
        return self._run([])

    @staticmethod
    def changed_hosts(m):
        recap = m.output[m.output.rindex("PLAY RECAP"):]
        return sorted(name for name, changed in re.findall(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)", recap, re.M) if int(changed) > 0)

    @staticmethod
    def ok(m, check):
        return m.rc == 0
