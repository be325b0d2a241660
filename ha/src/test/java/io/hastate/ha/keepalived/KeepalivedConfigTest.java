package io.hastate.ha.keepalived;

import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.Args;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.transport.CommandResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeepalivedConfigTest {
    static Args args(Map<String, Object> instance) {
        return Args.of("name", "/etc/keepalived/keepalived.conf", "instances", List.of(instance));
    }

    static final Map<String, Object> VI = Map.of("name", "vi1", "interface", "eth0", "virtual_router_id", 51L,
            "priority", 150L, "vips", List.of("10.0.0.10/32"), "use_vmac", true);

    @Test
    void aConfigThatKeepalivedRefusesIsNeverInstalled() {
        FakeTransport t = new FakeTransport().handle(c -> Optional.of(c.startsWith("keepalived -t")
                ? CommandResult.of(1, "(/etc/keepalived/.hastate-candidate.conf: Line 7) Unknown keyword 'bogus'\n", "")
                : CommandResult.ok("")));
        ApplyException e = assertThrows(ApplyException.class, () -> new KeepalivedConfig().apply(args(VI), new io.hastate.core.facts.FactValues(Map.of(DrainMark.FACT.key(), false, TakeoverMark.FACT.key(), false, InstanceMarks.DRAINED.key(), java.util.Set.of(), InstanceMarks.TAKEOVER.key(), java.util.Set.of())), Diff.of("", Change.of("config", null, "x")), t));
        assertTrue(e.getMessage().contains("Unknown keyword 'bogus'"), e.getMessage());
        List<String> written = t.written().stream().map(FakeTransport.Written::path).toList();
        assertEquals(1, written.size(), "only the candidate was written, never the live file: " + written);
        assertTrue(written.get(0).matches("/etc/keepalived/\\.hastate-candidate\\.[0-9a-f-]{8}\\.conf"), written.get(0));
        FakeTransport again = new FakeTransport().handle(c -> Optional.of(CommandResult.of(1, "bad\n", "")));
        assertThrows(ApplyException.class, () -> new KeepalivedConfig().apply(args(VI), new io.hastate.core.facts.FactValues(Map.of(DrainMark.FACT.key(), false, TakeoverMark.FACT.key(), false, InstanceMarks.DRAINED.key(), java.util.Set.of(), InstanceMarks.TAKEOVER.key(), java.util.Set.of())), Diff.of("", Change.of("config", null, "x")), again));
        assertTrue(!again.written().get(0).path().equals(written.get(0)), "each apply validates a candidate of its own");
    }

    @Test
    void keepalived227TerminatedWithoutErrorsCountsAsAPass() throws Exception {
        ConfigTest.requirePassed(CommandResult.of(143, "Terminated\n", ""));
        assertThrows(ApplyException.class, () -> ConfigTest.requirePassed(CommandResult.of(143, "(f: Line 3) Unknown keyword 'x'\nTerminated\n", "")));
    }

    @Test
    void vmacInstancesLeaveTheVipDeviceToKeepalived() {
        String conf = KeepalivedRenderer.render(KeepalivedConfig.model(args(VI)));
        assertTrue(conf.contains("    use_vmac\n"), conf);
        assertTrue(conf.contains("        10.0.0.10/32\n"), "no dev on a VMAC VIP: " + conf);
    }

    @Test
    void fallbackRoutesAreKeptByARootNotifyNamingTheVmacAndTheInterface() {
        Map<String, Object> vi = new java.util.HashMap<>(VI);
        vi.put("vmac_fallback_routes", true);
        String conf = KeepalivedRenderer.render(KeepalivedConfig.model(args(vi)));
        assertTrue(conf.contains("    notify \"/usr/local/lib/hastate/vmac-fallback-routes vrrp.51 eth0\" root\n"), conf);
        vi.put("use_vmac", "vip51");
        assertTrue(KeepalivedRenderer.render(KeepalivedConfig.model(args(vi))).contains("vmac-fallback-routes vip51 eth0\" root"),
                "a named VMAC is the device the routes go on");

        vi.put("notify", "/usr/local/bin/vip-state");
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> KeepalivedConfig.model(args(vi)));
        assertTrue(taken.getMessage().contains("vmac_fallback_routes") && taken.getMessage().contains("notify"), taken.getMessage());
        vi.remove("notify");
        vi.put("verbatim", List.of("notify /usr/local/bin/vip-state"));
        assertThrows(IllegalArgumentException.class, () -> KeepalivedConfig.model(args(vi)), "a notify carried as written takes the slot too");
        vi.remove("verbatim");
        vi.remove("use_vmac");
        IllegalArgumentException noVmac = assertThrows(IllegalArgumentException.class, () -> KeepalivedConfig.model(args(vi)));
        assertTrue(noVmac.getMessage().contains("needs use_vmac"), noVmac.getMessage());
    }

    static Map<String, Object> instance(String name, long vrid, String... vips) {
        return Map.of("name", name, "interface", "eth0", "virtual_router_id", vrid, "priority", 150L, "vips", List.of(vips));
    }

    @Test
    void anIpv4AndAnIpv6InstanceMayShareAVridButNotAnInstance() {
        Args pair = Args.of("name", "/etc/keepalived/keepalived.conf", "instances",
                List.of(instance("web", 51, "10.0.0.10/32"), instance("web_v6", 51, "fd77::10/128")));
        String conf = KeepalivedRenderer.render(KeepalivedConfig.model(pair));
        assertTrue(conf.contains("vrrp_instance web {") && conf.contains("vrrp_instance web_v6 {") && conf.contains("fd77::10/128"), conf);

        Args twiceV4 = Args.of("name", "/etc/keepalived/keepalived.conf", "instances",
                List.of(instance("web", 51, "10.0.0.10/32"), instance("api", 51, "10.0.0.11/32")));
        IllegalArgumentException sameFamily = assertThrows(IllegalArgumentException.class, () -> KeepalivedConfig.model(twiceV4));
        assertTrue(sameFamily.getMessage().contains("virtual_router_id 51 is used twice on eth0"), sameFamily.getMessage());

        Args mixed = Args.of("name", "/etc/keepalived/keepalived.conf", "instances", List.of(instance("web", 51, "10.0.0.10/32", "fd77::10/128")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeepalivedConfig.model(mixed));
        assertTrue(e.getMessage().contains("instances[0].vips: IPv4 and IPv6 VIPs cannot share an instance"), e.getMessage());
    }

    @Test
    void verbatimLinesGoIntoTheInstanceAsWrittenAndCheckComparesThem() {
        Map<String, Object> withLines = new java.util.HashMap<>(instance("web", 51, "10.0.0.10/32"));
        withLines.put("verbatim", List.of("smtp_alert", "track_interface {", "eth1 weight -20", "}", "garp_master_delay 5"));
        String conf = KeepalivedRenderer.render(KeepalivedConfig.model(Args.of("name", "/etc/keepalived/keepalived.conf", "instances", List.of(withLines))));
        assertTrue(conf.contains("    smtp_alert\n    track_interface {\n        eth1 weight -20\n    }\n    garp_master_delay 5\n    virtual_ipaddress {\n"), conf);
        FoundInstance found = FoundInstance.in(conf).get(0);
        assertEquals(List.of("smtp_alert", "track_interface {", "eth1 weight -20", "}", "garp_master_delay 5"), found.unmodelledLines(),
                "read back as written");

        String without = KeepalivedRenderer.render(KeepalivedConfig.model(Args.of("name", "/etc/keepalived/keepalived.conf", "instances",
                List.of(instance("web", 51, "10.0.0.10/32")))));
        List<String> changes = KeepalivedConfText.semanticChanges(without, conf).stream().map(Change::key).toList();
        assertTrue(changes.contains("instance web smtp_alert") && changes.contains("instance web garp_master_delay"), changes.toString());

        withLines.put("track_interface", List.of("eth2"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> KeepalivedConfig.model(Args.of("name", "/etc/keepalived/keepalived.conf", "instances", List.of(withLines))));
        assertTrue(twice.getMessage().contains("verbatim: sets track_interface, which the instance's own track_interface sets"), twice.getMessage());
    }

    @Test
    void semanticDiffNamesInstanceKeywordsVipsAndHidesThePassword() {
        String before = """
                vrrp_instance vi1 {
                    state MASTER
                    priority 120   # edited by hand
                    authentication {
                        auth_type PASS
                        auth_pass old
                    }
                    virtual_ipaddress {
                        10.0.0.10 dev eth0
                        10.0.0.11/32 dev eth0
                    }
                }
                vrrp_instance gone {
                    priority 1
                }
                """;
        String after = """
                vrrp_instance vi1 {
                    state MASTER
                    priority 150
                    authentication {
                        auth_type PASS
                        auth_pass new
                    }
                    virtual_ipaddress {
                        10.0.0.10/32 dev eth0
                        10.0.0.12/32 dev eth0
                    }
                }
                """;
        List<Change> changes = KeepalivedConfText.semanticChanges(before, after);
        assertEquals(List.of("instance vi1 priority: 120 -> 150",
                "instance vi1 vips: 10.0.0.10/32 dev eth0, 10.0.0.11/32 dev eth0 -> 10.0.0.10/32 dev eth0, 10.0.0.12/32 dev eth0",
                "instance vi1 auth_pass: (hidden) -> (hidden)",
                "instance gone: present -> removed"),
                changes.stream().map(c -> c.key() + ": " + c.before() + " -> " + c.after()).toList());
    }

    @Test
    void aVipsOptionsAreWrittenAndComparedInAnyOrderAndAMissingStateIsBackup() {
        String conf = KeepalivedRenderer.render(KeepalivedConfig.model(args(instance("vi1", 51, "10.0.0.10/32 label eth0:web", "10.0.0.11 dev hst1 scope link"))));
        assertTrue(conf.contains("        10.0.0.10/32 label eth0:web dev eth0\n") && conf.contains("        10.0.0.11/32 scope link dev hst1\n"), conf);
        String byHand = """
                vrrp_instance vi1 {
                    interface eth0
                    state BACKUP
                    virtual_router_id 51
                    priority 150
                    virtual_ipaddress {
                        10.0.0.10 label eth0:web
                        10.0.0.11/32 dev hst1 scope link
                    }
                }
                """;
        assertEquals(List.of(), KeepalivedConfText.semanticChanges(byHand, conf).stream().map(c -> c.key() + ": " + c.before() + " -> " + c.after()).toList(),
                "the same VIPs, options in another order; state BACKUP said or not");
        assertEquals(List.of(), KeepalivedConfText.semanticChanges(byHand.replace("    state BACKUP\n", ""), conf).stream().map(Change::key).toList());
        assertEquals(List.of("instance vi1 vips"), KeepalivedConfText.semanticChanges(byHand.replace("label eth0:web", "label eth0:api"), conf)
                .stream().map(Change::key).toList(), "another label is another VIP line");
        assertEquals(List.of("instance vi1 state"), KeepalivedConfText.semanticChanges(byHand.replace("state BACKUP", "state MASTER"), conf)
                .stream().map(Change::key).toList());
    }

    @Test
    void trackedScriptsAreComparedByWhatTheyRunNotByTheirNames() {
        String before = """
                global_defs {
                    enable_script_security
                    script_user nobody
                }
                vrrp_script chk_web {
                    script "/usr/bin/pgrep -x nginx"
                    interval 2
                    weight -60
                }
                vrrp_instance vi1 {
                    interface eth0
                    track_script {
                        chk_web
                    }
                }
                """;
        String renamed = before.replace("chk_web", "web_chk_web").replace("    interval 2\n", "    interval 2\n    fall 1\n    rise 1\n");
        assertEquals(List.of(), KeepalivedConfText.semanticChanges(before, renamed).stream().map(Change::key).toList(),
                "a new name, keepalived's defaults written out: the same check");
        String changed = renamed.replace("weight -60", "weight -30").replace("script_user nobody", "script_user keepalived_script");
        assertEquals(List.of("global_defs script_user: nobody -> keepalived_script",
                        "instance vi1 track_script: '/usr/bin/pgrep -x nginx' interval 2 timeout 2 fall 1 rise 1 weight -60"
                                + " -> '/usr/bin/pgrep -x nginx' interval 2 timeout 2 fall 1 rise 1 weight -30"),
                KeepalivedConfText.semanticChanges(before, changed).stream().map(c -> c.key() + ": " + c.before() + " -> " + c.after()).toList());
    }
}
