package io.hastate.api;

import io.hastate.core.engine.HostPlan;
import io.hastate.core.graph.CompiledState;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's HA tree planned for pairs with and without health checks: planning contacts no
 * host, so every template variable and every state argument of the tree is proven here, for both.
 */
class HaTreePlanTest {
    @TempDir
    Path dir;

    static CompiledState state(HostPlan plan, String id) {
        return plan.graph().ordered().stream().map(n -> n.state()).filter(s -> s.ref().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no state " + id + " for " + plan.host().name()));
    }

    @Test
    void pairsWithAndWithoutChecksPlanAndOnlyTheCheckedOneRunsScripts() {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  a1: {address: 10.0.0.1}
                  a2: {address: 10.0.0.2}
                  b1: {address: 10.0.0.3}
                  b2: {address: 10.0.0.4}
                  c1: {address: 10.0.0.5}
                  c2: {address: 10.0.0.6}
                pairs:
                  plain:
                    nodes: {a1: {priority: 150, state: MASTER}, a2: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.100/32]}
                  checked:
                    nodes: {b1: {priority: 150, state: MASTER}, b2: {priority: 100}}
                    vrrp:
                      virtual_router_id: 52
                      interface: eth0
                      vips: [10.0.0.101/32]
                      checks:
                        haproxy: {process: haproxy, weight: -60}
                      notify: {master: /usr/local/bin/vip-up, state: /usr/local/bin/vip-state}
                  notified:
                    nodes: {c1: {priority: 150}, c2: {priority: 100}}
                    vrrp: {virtual_router_id: 53, interface: eth0, vips: [10.0.0.102/32], notify: {fault: /usr/local/bin/vip-fault}}
                """);
        Project project = Project.load(inventory, Path.of("..", "states"), List.of());
        List<HostPlan> plans = project.plan(List.of("a1", "a2", "b1", "b2", "c1", "c2"), List.of("ha"), h -> List.of());
        Map<String, HostPlan> byHost = new java.util.HashMap<>();
        plans.forEach(p -> byHost.put(p.host().name(), p));

        HostPlan plain = byHost.get("a1");
        assertNotNull(state(plain, "keepalived-script-user").inactive(), "no checks: no script user is created");
        assertNotNull(state(plain, "procps-package").inactive());
        CompiledState plainConf = state(plain, "keepalived-config");
        assertEquals(Map.of(), plainConf.args().map("scripts"));
        assertNull(plainConf.args().map("global_defs").get("script_user"), "no script_user line without scripts");

        HostPlan checked = byHost.get("b2");
        CompiledState user = state(checked, "keepalived-script-user");
        assertNull(user.inactive());
        assertTrue(user.args().string("name").endsWith("useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin keepalived_script"),
                user.args().string("name"));
        assertNull(state(checked, "procps-package").inactive(), "a process check needs pgrep");
        CompiledState conf = state(checked, "keepalived-config");
        assertEquals(List.of("checked_haproxy"), List.copyOf(conf.args().map("scripts").keySet()));
        assertEquals("keepalived_script", conf.args().map("global_defs").get("script_user"));
        @SuppressWarnings("unchecked")
        Map<String, Object> instance = (Map<String, Object>) conf.args().list("instances").get(0);
        assertEquals(List.of("checked_haproxy"), instance.get("track_script"));
        assertEquals(List.of("/usr/local/bin/vip-up", "/usr/local/bin/vip-state"), java.util.Arrays.asList(instance.get("notify_master"), instance.get("notify")));
        assertNull(instance.get("notify_backup"));

        // Notify scripts alone run as the script user too.
        HostPlan notified = byHost.get("c1");
        assertNull(state(notified, "keepalived-script-user").inactive());
        assertNotNull(state(notified, "procps-package").inactive(), "no process check: procps is not asked for");
        @SuppressWarnings("unchecked")
        Map<String, Object> faultOnly = (Map<String, Object>) state(notified, "keepalived-config").args().list("instances").get(0);
        assertEquals("/usr/local/bin/vip-fault", faultOnly.get("notify_fault"));
        assertEquals("keepalived_script", state(notified, "keepalived-config").args().map("global_defs").get("script_user"));
        @SuppressWarnings("unchecked")
        Map<String, Object> plainInstance = (Map<String, Object>) plainConf.args().list("instances").get(0);
        assertNull(plainInstance.get("notify_master"));
    }
}
