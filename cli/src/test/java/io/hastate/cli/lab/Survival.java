package io.hastate.cli.lab;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the survival matrix: a fault done on one node of a pair while a client probes the VIP
 * every 100 ms, and the VRRP state changes both nodes' keepalived logged meanwhile.
 */
final class Survival {
    private Survival() {}

    /** A fault, as the command that causes it on a node. */
    record Fault(String name, String command) {}

    static final Fault RECONFIGURE = new Fault("networkctl reconfigure", "networkctl reconfigure eth0");
    static final Fault RELOAD_CHANGED = new Fault(".network change + reload",
            "echo '# changed by the test' >> /etc/systemd/network/10-eth0.network; networkctl reload");
    static final Fault RESTART = new Fault("restart networkd", "systemctl restart systemd-networkd");
    /**
     * What netplan apply (0.103 and later) does to networkd: generate, reload, reconfigure the links.
     * The command itself cannot run in the lab's containers: it stops at {@code udevadm trigger}
     * (read-only sysfs) before it touches networkd, so running it would measure nothing.
     */
    static final Fault NETPLAN_APPLY = new Fault("netplan apply's steps", "netplan generate && networkctl reload && networkctl reconfigure eth0");

    static final List<Fault> STATIC_FAULTS = List.of(RECONFIGURE, RELOAD_CHANGED, RESTART);
    static final List<Fault> DHCP_FAULTS = List.of(NETPLAN_APPLY, RECONFIGURE, RESTART);

    /** What a cell measured: probes answered and lost, and state changes on both nodes. */
    record Outcome(int answered, int lost, int transitions) {
        String cell() {
            return lost + " lost, " + transitions + " transitions";
        }

        boolean clean() {
            return withinLoss(0);
        }

        /** No VRRP state change, and at most {@code allowed} probes lost to something other than keepalived. */
        boolean withinLoss(int allowed) {
            return lost <= allowed && transitions == 0 && answered > 0;
        }
    }

    static String vip(int pair) {
        return Lab.NET + ".100." + pair;
    }

    /** Which nodes of a pair hold its VIP, by the nodes' own kernels. */
    static List<String> holders(int pair) throws Exception {
        List<String> out = new ArrayList<>();
        for (String side : List.of("a", "b")) {
            if (Lab.addresses("p" + pair + side).contains(" " + vip(pair) + "/32")) out.add("p" + pair + side);
        }
        return out;
    }

    static void waitForHolder(int pair, String node) throws Exception {
        for (int i = 0; i < 150 && !holders(pair).equals(List.of(node)); i++) Thread.sleep(100);
        if (!holders(pair).equals(List.of(node))) throw new AssertionError("pair" + pair + " VIP held by " + holders(pair) + ", not " + node);
    }

    /** {@code fault} on {@code node} of pair {@code pair} (its VIP on p{pair}a), probed for {@code seconds}. */
    static Outcome measure(int pair, String node, Fault fault, int seconds) throws Exception {
        waitForHolder(pair, "p" + pair + "a");
        long since = Long.parseLong(Lab.ssh(node, "date +%s").out().strip());
        VipProber prober = VipProber.start(vip(pair), seconds);
        Lab.Result done = Lab.ssh(node, fault.command() + " >/dev/null 2>&1");
        // A fault that did not run measured nothing: say so next to the numbers.
        if (done.exit() != 0) System.out.println("SURVIVAL-FAULT " + fault.name() + " exited " + done.exit() + " on " + node);
        int[] probes = prober.finish();
        return new Outcome(probes[0], probes[1], transitions(pair, since));
    }

    /**
     * {@link #measure}, with a lone lost probe and no VRRP state change measured once more. That
     * signature is what a loaded machine does to one probe (three labs share two cores in CI), while a
     * protection that fails loses the VIP for more than a probe, or makes keepalived change state; a loss
     * that comes back on the second measurement is real and fails the cell. Both are printed.
     */
    static Outcome measureConfirmed(int pair, String node, Fault fault, int seconds) throws Exception {
        Outcome first = measure(pair, node, fault, seconds);
        if (!loneLoss(first.lost(), first.transitions())) return first;
        Outcome again = measure(pair, node, fault, seconds);
        System.out.printf("MEASURED-AGAIN pair%d %s on %s: first %s, again %s%n", pair, fault.name(), node, first.cell(), again.cell());
        return again;
    }

    /** One probe lost, no state change: possibly the machine's load, not the VIP. */
    static boolean loneLoss(int lost, int transitions) {
        return lost == 1 && transitions == 0;
    }

    /** Probes pair {@code pair} for {@code seconds} doing nothing: what DHCP renewals alone do. */
    static Outcome idle(int pair, int seconds) throws Exception {
        waitForHolder(pair, "p" + pair + "a");
        long since = Long.parseLong(Lab.ssh("p" + pair + "a", "date +%s").out().strip());
        int[] probes = VipProber.start(vip(pair), seconds).finish();
        return new Outcome(probes[0], probes[1], transitions(pair, since));
    }

    private static int transitions(int pair, long since) throws Exception {
        return Lab.vrrpTransitions("p" + pair + "a", since, null) + Lab.vrrpTransitions("p" + pair + "b", since, null);
    }

    /** The DHCP server's acknowledgements to a host's lease so far (its first lease and each renewal). */
    static int dhcpAcks(String ip) throws Exception {
        var log = Lab.STATE.resolve("dnsmasq.log");
        if (!Files.exists(log)) return 0;
        return (int) Files.readAllLines(log).stream().filter(l -> l.contains("DHCPACK") && l.contains(" " + ip + " ")).count();
    }
}
