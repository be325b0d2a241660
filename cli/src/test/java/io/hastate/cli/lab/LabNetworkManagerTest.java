package io.hastate.cli.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.hastate.cli.lab.Lab.hastate;
import static io.hastate.cli.lab.Lab.ssh;
import static io.hastate.cli.lab.NetworkManagerFaults.CONNECTION_UP;
import static io.hastate.cli.lab.NetworkManagerFaults.MODIFY_UP;
import static io.hastate.cli.lab.NetworkManagerFaults.NETPLAN_APPLY;
import static io.hastate.cli.lab.NetworkManagerFaults.REAPPLY;
import static io.hastate.cli.lab.NetworkManagerFaults.RESTART;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pair whose eth0 NetworkManager owns (Debian 12): what re-activating or re-applying the profile does
 * to an unprotected VIP, and that the default protection, chosen on each node from what configures its
 * interface, keeps the VIP through both on the master and on the backup, with no networkd file written.
 * A second pair whose profile netplan renders (DHCP) gets the same protection and keeps its VIP on the
 * master through netplan apply's steps. Re-activation removes the master's own address and routes for
 * about 0.2 s: the routes the tree gives the master's VMAC (vmac-fallback-routes) keep its answers going,
 * so every cell under the default protection is held to 0 lost and 0 transitions.
 */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabNetworkManagerTest {
    @BeforeAll
    static void lab() {
        Lab.requireRunning();
    }

    /** Later test classes expect the lab as run-tests starts it: blank hosts, one pair, two light hosts. */
    @AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    @Test
    void theDefaultProtectionOnANetworkManagerHostKeepsTheVip(@TempDir Path tmp) throws Exception {
        // pair1: a static keyfile profile; pair2: netplan renders a DHCP profile for NetworkManager.
        Lab.restart(List.of("bookworm+nm", "bookworm+nm+netplan"), 0);
        assertTrue(ssh("p1a", "nmcli -t -f DEVICE,STATE device status").out().contains("eth0:connected"), "NetworkManager owns eth0");
        assertTrue(ssh("p2a", "nmcli -t -f DEVICE,CONNECTION device status").out().contains("eth0:netplan-eth0"), "netplan's profile owns p2a's eth0");

        Path none = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("none")), "none", "none");
        Lab.Result bare = hastate("apply", "-i", none.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, bare.exit(), bare.out() + bare.err());
        assertTrue(Lab.findings(hastate("doctor", "-i", none.toString(), "--format", "json")).contains("HA029 p1a"));
        Survival.Outcome unprotected = Survival.measure(1, "p1a", CONNECTION_UP, 7);
        System.out.printf("MEASURED NetworkManager nmcli connection up on the master, protection none: lost=%d transitions=%d%n",
                unprotected.lost(), unprotected.transitions());
        assertFalse(unprotected.clean(), "re-activating the profile takes the VIP away: HA029's risk is real");
        Lab.Result foundBare = importPair1(tmp.resolve("imported-none.yaml"), "none");
        assertTrue(foundBare.err().contains("nothing keeps the VIPs from NetworkManager's re-activations today"), foundBare.err());

        // The lab writes each pair's protection; auto is what an inventory that names none gets.
        Path auto = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("auto")), "auto", "auto");
        Lab.Result apply = hastate("apply", "-i", auto.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        for (String node : List.of("p1a", "p1b", "p2a", "p2b")) {
            assertTrue(ssh(node, "cat /etc/keepalived/keepalived.conf").out().contains("use_vmac"), node + ": the VIP lives on a VMAC; apply said: " + apply.out());
            assertEquals("", ssh(node, "grep -rls KeepConfiguration /etc/systemd/network /run/systemd/network; ls /etc/systemd/network").out().strip(),
                    node + ": no networkd file on a NetworkManager host");
        }
        assertTrue(Lab.findings(hastate("doctor", "-i", auto.toString(), "--format", "json")).stream()
                .noneMatch(f -> f.startsWith("HA029") || f.startsWith("HA030")));
        // A keepalived.conf whose fallback routes notify is gone (edited by hand, or the user's notify): HA030 until applied again.
        ssh("p1a", "sed -i '/vmac-fallback-routes/d' /etc/keepalived/keepalived.conf");
        assertTrue(Lab.findings(hastate("doctor", "-i", auto.toString(), "-l", "p1a", "--format", "json")).contains("HA030 p1a"));
        Lab.Result restored = hastate("apply", "-i", auto.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, restored.exit(), restored.out() + restored.err());
        assertTrue(Lab.findings(hastate("doctor", "-i", auto.toString(), "-l", "p1a", "--format", "json")).stream().noneMatch(f -> f.startsWith("HA030")));
        Lab.Result again = hastate("check", "-i", auto.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, again.exit(), "the default protection is planned alike on every run: " + again.out());
        // Import reads the applied pair back as the tree wrote it: the VMAC and its fallback routes notify are the tree's own.
        Path imported = tmp.resolve("imported-auto.yaml");
        Lab.Result found = importPair1(imported, "vmac");
        assertTrue(found.err().contains("the HA tree's keepalived.conf means the same as the one found"), found.err());
        Lab.Result importedCheck = hastate("check", "-i", imported.toString(), "--states", Lab.states().toString(), "-l", "p1a,p1b", "ha");
        assertEquals(0, importedCheck.exit(), "the imported pair is what is on the hosts: " + importedCheck.out() + importedCheck.err());

        assertTrue(ssh("p1a", "ip -4 route show dev vrrp.51").out().contains("metric 4294967295"), "the master's VMAC has its fallback route");
        assertEquals("", ssh("p1b", "ip -4 route show dev vrrp.51").out().strip(), "the backup's VMAC has none: it must not send from the master's MAC");

        for (Survival.Fault fault : List.of(CONNECTION_UP, REAPPLY, MODIFY_UP, RESTART)) {
            // The backup's cells for the first two: they never touched the VIP even unprotected.
            for (String node : fault == CONNECTION_UP || fault == REAPPLY ? List.of("p1a", "p1b") : List.of("p1a")) {
                Survival.Outcome kept = Survival.measureConfirmed(1, node, fault, 7);
                System.out.printf("MEASURED NetworkManager %s on %s, default protection: lost=%d of %d transitions=%d%n",
                        fault.name(), node.equals("p1a") ? "the master" : "the backup", kept.lost(), kept.lost() + kept.answered(), kept.transitions());
                assertTrue(kept.clean(), fault.name() + " on " + node + ": " + kept.cell());
            }
        }

        for (Survival.Fault fault : List.of(CONNECTION_UP, NETPLAN_APPLY)) {
            Survival.Outcome kept = Survival.measureConfirmed(2, "p2a", fault, fault == NETPLAN_APPLY ? 10 : 7);
            System.out.printf("MEASURED NetworkManager %s (netplan, DHCP) on the master, default protection: lost=%d of %d transitions=%d%n",
                    fault.name(), kept.lost(), kept.lost() + kept.answered(), kept.transitions());
            assertTrue(kept.clean(), fault.name() + " on p2a: " + kept.cell());
        }
        assertEquals(List.of("p2a"), Survival.holders(2), "the master still holds the VIP");

        healsANodeThatWasDownAtTheStartOnlyWithItsOwnPlan(auto, tmp.resolve("history.db"));
    }

    /** hastate import of pair 1 from a host list: it names NetworkManager and its profile on each node and the protection found. */
    static Lab.Result importPair1(Path out, String protection) throws Exception {
        String lab = Files.readString(Lab.INVENTORY);
        Path hosts = Files.writeString(out.resolveSibling(out.getFileName() + ".hosts.yaml"), lab.substring(0, lab.indexOf("\npairs:") + 1));
        Lab.Result run = hastate("import", "-i", hosts.toString(), "-l", "p1a,p1b", "--out", out.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        for (String node : List.of("p1a", "p1b")) {
            assertTrue(run.err().contains(node + ": NetworkManager 1.") && run.err().contains("connected, profile \"eth0\")"), "the renderer is named: " + run.err());
        }
        assertTrue(run.err().contains("protection " + protection), run.err());
        return run;
    }

    /**
     * A watch --heal started while p1b cannot be reached plans p1b without its grains (the networkd
     * default): it must not heal p1b with that plan, and once p1b answers it is planned again with
     * NetworkManager's default, which a heal then writes.
     */
    static void healsANodeThatWasDownAtTheStartOnlyWithItsOwnPlan(Path inventory, Path db) throws Exception {
        java.time.Instant down = LabWatchTest.onHost("p1b", "systemd-run --quiet --on-active=20 --timer-property=AccuracySec=100ms systemctl start ssh.service && systemctl stop ssh.service");
        LabWatchTest.Watch watch = LabWatchTest.Watch.start(inventory, db, 90, "--interval", "3s", "--heal", "--heal-every", "5s");
        watch.await("host_down pair=pair1 host=p1b", down, 10);
        java.time.Instant up = watch.await("host_up pair=pair1 host=p1b", down, 45);
        java.time.Instant drifted = LabWatchTest.onHost("p1b", "echo '# edited by hand' >> /etc/keepalived/keepalived.conf");
        java.time.Instant healed = watch.await("healed pair=pair1 host=p1b", drifted, 40);
        watch.stop();
        System.out.printf("MEASURED watch --heal on a NetworkManager node down at the start: back %d ms after sshd stopped, hand drift healed %d ms after%n",
                java.time.Duration.between(down, up).toMillis(), java.time.Duration.between(drifted, healed).toMillis());
        String conf = ssh("p1b", "cat /etc/keepalived/keepalived.conf").out();
        assertTrue(conf.contains("use_vmac") && conf.contains("vmac-fallback-routes") && !conf.contains("edited by hand"),
                "healed with NetworkManager's default: " + conf);
        assertEquals("", ssh("p1b", "grep -rls KeepConfiguration /etc/systemd/network /run/systemd/network; ls /etc/systemd/network").out().strip(),
                "no networkd file was written to p1b: " + watch.log());
    }
}
