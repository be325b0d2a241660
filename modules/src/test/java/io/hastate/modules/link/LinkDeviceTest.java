package io.hastate.modules.link;

import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateSkipped;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.transport.CommandResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The link functions on canned host output: rendered files, commands, and the kernel-support skip. */
class LinkDeviceTest {
    static final String IP_LINK_VIP0 = """
            [{"ifindex":3,"link":"eth0","ifname":"vip0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],
              "linkinfo":{"info_kind":"ipvlan","info_data":{"mode":"l2","bridge":true}},
              "addr_info":[{"family":"inet","local":"10.77.1.50","prefixlen":16,"scope":"global"},
                           {"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]}]
            """;

    static Args args(String persist) {
        return Args.of("name", "vip0", "parent", "eth0", "mode", "l2", "flag", "bridge", "persist", persist);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The fact's output for a host: kernel support, the device (or none), and the files hastate owns. */
    static FactValues facts(LinkDevice fn, Args args, boolean kernel, String ipLink, Map<String, String> files) {
        var fact = (io.hastate.core.facts.Fact<?>) fn.facts(args).get(0);
        List<String> paths = new ArrayList<>(fn.files(args).keySet());
        StringBuilder out = new StringBuilder(kernel ? "kernel=yes\n" : "kernel=no\n");
        out.append("link=").append(ipLink == null ? "" : b64(ipLink)).append('\n');
        for (int i = 0; i < paths.size(); i++) {
            String f = files.get(paths.get(i));
            if (f != null) out.append("file").append(i).append('=').append(f.substring(0, f.indexOf('\n')))
                    .append(':').append(b64(f.substring(f.indexOf('\n') + 1))).append('\n');
        }
        Map<String, Object> values = new java.util.HashMap<>();
        values.put(fact.key(), fact.parse(out.toString(), 0));
        if (fn.facts(args).size() > 1) {
            // The parent as networkctl shows it on a netplan host: its .network is netplan's, under /run.
            var parent = (io.hastate.core.facts.Fact<?>) fn.facts(args).get(1);
            values.put(parent.key(), parent.parse("active=active\nsetup=configured\nfile=/run/systemd/network/10-netplan-eth0.network\n", 0));
        }
        return new FactValues(values);
    }

    @Test
    void aMissingIpvlanIsCreatedAndPersistedForNetworkd() throws Exception {
        LinkDevice fn = LinkDevice.ipvlan();
        Args a = args("networkd");
        FactValues facts = facts(fn, a, true, null, Map.of());
        Diff d = fn.check(a, facts);
        // The parent's drop-in goes with the parent's real .network file (netplan's here), not a guessed 10-eth0.network.
        String dropIn = "/etc/systemd/network/10-netplan-eth0.network.d/50-hastate-vip0.conf";
        assertEquals(List.of("device", "/etc/systemd/network/00-hastate-unmanaged-vip0.network",
                "/etc/systemd/network/25-hastate-vip0.netdev", dropIn),
                d.changes().stream().map(Change::key).toList());
        String netdev = fn.files(a).get("/etc/systemd/network/25-hastate-vip0.netdev")[1];
        assertTrue(netdev.contains("[NetDev]\nName=vip0\nKind=ipvlan\n\n[IPVLAN]\nMode=L2\nFlags=bridge\n"), netdev);

        FakeTransport t = new FakeTransport().handle(c -> Optional.of(CommandResult.ok("")));
        fn.apply(a, facts, d, t);
        assertTrue(t.written().stream().anyMatch(w -> w.path().equals(dropIn) && w.content().contains("[Network]\nIPVLAN=vip0\n")), t.written().toString());
        assertTrue(t.commands().contains("ip link add link eth0 name vip0 type ipvlan mode l2 bridge"), t.commands().toString());
        assertTrue(t.commands().contains("ip link set dev vip0 up"));
        assertEquals(3, t.written().size());
        assertTrue(t.written().stream().allMatch(w -> "root".equals(w.attributes().owner())));
    }

    /** A host where vip0 was persisted by hand exactly as wanted: the files as an operator would write them. */
    static final String UNMANAGED = "root:root:644\n# Managed by hastate: systemd-networkd leaves vip0 alone.\n"
            + "[Match]\nName=vip0\n\n[Link]\nUnmanaged=yes\n";
    static final String HOOK = "#!/bin/sh\n# Managed by hastate: ipvlan vip0 on eth0.\n[ \"$IFACE\" = eth0 ] || exit 0\n"
            + "ip link show dev vip0 >/dev/null 2>&1 || ip link add link eth0 name vip0 type ipvlan mode l2 bridge\n"
            + "ip link set dev vip0 up\n";
    static final String STANZA = "# Managed by hastate: ipvlan vip0 on eth0.\nauto vip0\niface vip0 inet manual\n"
            + "    pre-up ip link add link eth0 name vip0 type ipvlan mode l2 bridge\n"
            + "    up ip link set dev vip0 up\n"
            + "    post-down ip link del dev vip0\n";

    @Test
    void dispatcherHookIsRootOwnedAndExecutable() {
        LinkDevice fn = LinkDevice.ipvlan();
        Args a = args("dispatcher");
        String[] hook = fn.files(a).get("/etc/networkd-dispatcher/routable.d/50-hastate-vip0");
        assertEquals("0755", hook[0]);
        assertTrue(hook[1].startsWith("#!/bin/sh\n"));
        assertTrue(hook[1].contains("ip link add link eth0 name vip0 type ipvlan mode l2 bridge"), hook[1]);
        assertEquals(HOOK, hook[1]);
        String hookPath = "/etc/networkd-dispatcher/routable.d/50-hastate-vip0";
        Map<String, String> inSync = Map.of("/etc/systemd/network/00-hastate-unmanaged-vip0.network", UNMANAGED, hookPath, "root:root:755\n" + HOOK);
        assertTrue(fn.check(a, facts(fn, a, true, IP_LINK_VIP0, inSync)).isEmpty());
        // The same hook owned by someone else is drift: networkd-dispatcher would skip it silently.
        Map<String, String> files = new java.util.HashMap<>(inSync);
        files.put(hookPath, "ops:root:755\n" + HOOK);
        Diff d = fn.check(a, facts(fn, a, true, IP_LINK_VIP0, files));
        assertEquals(List.of(hookPath), d.changes().stream().map(Change::key).toList());
    }

    @Test
    void ifupdownStanzaAndInSync() {
        LinkDevice fn = LinkDevice.ipvlan();
        Args a = args("ifupdown");
        assertEquals(STANZA, fn.files(a).get("/etc/network/interfaces.d/hastate-vip0")[1]);
        Map<String, String> files = Map.of("/etc/systemd/network/00-hastate-unmanaged-vip0.network", UNMANAGED,
                "/etc/network/interfaces.d/hastate-vip0", "root:root:644\n" + STANZA);
        Diff d = fn.check(a, facts(fn, a, true, IP_LINK_VIP0, files));
        assertTrue(d.isEmpty(), d.changes().toString());
        assertEquals("vip0 (ipvlan on eth0) is up and persisted with ifupdown; addresses 10.77.1.50/16", d.comment());
    }

    @Test
    void aKernelWithoutIpvlanSkipsWithTheReason() {
        LinkDevice fn = LinkDevice.ipvlan();
        Args a = args("networkd");
        StateSkipped e = assertThrows(StateSkipped.class, () -> fn.check(a, facts(fn, a, false, null, Map.of())));
        assertTrue(e.getMessage().contains("this kernel cannot create ipvlan devices"), e.getMessage());
    }

    @Test
    void aDeviceOfAnotherKindIsNeverRecreated() {
        LinkDevice fn = LinkDevice.vmac();
        Args a = Args.of("name", "vip0", "parent", "eth0", "mode", "private", "persist", "networkd");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fn.check(a, facts(fn, a, true, IP_LINK_VIP0, Map.of())));
        assertTrue(e.getMessage().contains("exists as ipvlan on eth0, mode l2, not macvlan on eth0, mode private"), e.getMessage());
    }
}
