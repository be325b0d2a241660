"""The benchmark's fleet: light lab hosts that log in as root, each with its own /etc/keepalived,
/etc/systemd and /etc/sysctl.d (lab/lab up --light-root). Resets hosts to blank, makes drift, reads the
resulting host state for comparison, and counts SSH connections and commands from each sshd's log."""
import hashlib
import os
import re
import subprocess
from dataclasses import dataclass

LAB_STATE = os.environ.get("HASTATE_LAB_STATE", "/var/lib/hastate-lab")
SYSCTLS = {
    "net.ipv4.conf.eth0.arp_ignore": "1",
    "net.ipv4.conf.eth0.arp_announce": "2",
    "net.ipv4.conf.eth0.promote_secondaries": "1",
    "net.ipv4.ip_nonlocal_bind": "1",
}
KEEPALIVED_CONF = "keepalived/keepalived.conf"
DROP_IN_DIR = "systemd/network/10-eth0.network.d"
SYSCTL_FILE = "sysctl.d/90-hastate.conf"


@dataclass
class Host:
    name: str
    address: str
    vrid: int
    priority: int
    state: str

    @property
    def etc(self):
        return f"/etc/netns/hl-{self.name}"

    @property
    def vip(self):
        return f"10.77.200.{self.vrid - 49}/32"

    def netns(self, *argv):
        return subprocess.run(["ip", "netns", "exec", f"hl-{self.name}", *argv], check=True,
                              capture_output=True, text=True).stdout


class Fleet:
    def __init__(self, lab_script, size):
        self.lab = lab_script
        self.size = size
        self.hosts = []

    def up(self):
        subprocess.run([self.lab, "up", "--pairs", "0", "--light", str(self.size), "--light-root"], check=True)
        inventory = open(os.path.join(LAB_STATE, "inventory.yaml")).read()
        found = re.findall(r"^  (l\d+): \{address: ([0-9.]+),", inventory, re.M)
        # Consecutive hosts form a VRRP pair: the first one is its MASTER.
        for i, (name, address) in enumerate(found):
            pair = i // 2
            self.hosts.append(Host(name, address, 50 + pair, 150 if i % 2 == 0 else 100,
                                   "MASTER" if i % 2 == 0 else "BACKUP"))
        if len(self.hosts) != self.size:
            raise RuntimeError(f"lab started {len(self.hosts)} hosts, wanted {self.size}")

    def down(self):
        subprocess.run([self.lab, "down"], check=False)

    key = property(lambda self: os.path.join(LAB_STATE, "id_ed25519"))
    known_hosts = property(lambda self: os.path.join(LAB_STATE, "known_hosts"))

    def reset_blank(self):
        for h in self.hosts:
            for path in (KEEPALIVED_CONF, SYSCTL_FILE):
                try:
                    os.unlink(os.path.join(h.etc, path))
                except FileNotFoundError:
                    pass
            subprocess.run(["rm", "-rf", os.path.join(h.etc, DROP_IN_DIR), os.path.join(h.etc, "keepalived/.backups")], check=True)
            h.netns("sysctl", "-q", "-w", *[f"{k}=0" for k in SYSCTLS])

    def edit_one_file(self):
        """keepalived.conf edited by hand on every host: an apply has one file to put back on each."""
        for h in self.hosts:
            with open(os.path.join(h.etc, KEEPALIVED_CONF), "a") as f:
                f.write("# edited by hand\n")

    def drift(self, fraction):
        """Sets one managed sysctl back by hand on the first `fraction` of hosts; returns their names."""
        drifted = self.hosts[:max(1, round(len(self.hosts) * fraction))]
        for h in drifted:
            h.netns("sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_ignore=0")
        return sorted(h.name for h in drifted)

    def snapshot(self):
        """What a tool left on each host: file hashes, the sysctl.d settings, the live values."""
        state = {}
        for h in self.hosts:
            files = {}
            for path in (KEEPALIVED_CONF, DROP_IN_DIR + "/50-keepalived.conf"):
                full = os.path.join(h.etc, path)
                files[path] = hashlib.sha256(open(full, "rb").read()).hexdigest() if os.path.exists(full) else None
            live = dict(zip(SYSCTLS, h.netns("sysctl", "-n", *SYSCTLS).split()))
            state[h.name] = {"files": files, "sysctl.d": self._sysctl_settings(h), "live": live}
        return state

    @staticmethod
    def _sysctl_settings(h):
        # Tools write `key = value` or `key=value`: compare the settings, not the spacing.
        full = os.path.join(h.etc, SYSCTL_FILE)
        if not os.path.exists(full):
            return None
        settings = {}
        for line in open(full):
            line = line.strip()
            if line and not line.startswith(("#", ";")) and "=" in line:
                k, v = line.split("=", 1)
                settings[k.strip()] = v.strip()
        return settings

    def sshd_log_sizes(self):
        return {h.name: os.path.getsize(self._log(h)) for h in self.hosts}

    def ssh_usage_since(self, sizes):
        """(connections, commands) per host since `sizes`, as each host's sshd logged them."""
        usage = {}
        for h in self.hosts:
            with open(self._log(h)) as f:
                f.seek(sizes[h.name])
                text = f.read()
            usage[h.name] = (text.count("Accepted publickey for"), text.count("Starting session:"))
        return usage

    @staticmethod
    def _log(h):
        return os.path.join(LAB_STATE, "light", h.name, "sshd.log")
