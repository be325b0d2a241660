package io.hastate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryJsonTest {
    @TempDir
    Path dir;

    @Test
    void theResolvedInventoryAsJsonWithSecretsMasked() throws Exception {
        Path inv = Fixtures.write(dir, "inventory.yaml", """
                vars: {db_password: hunter2, site: dc1}
                hosts:
                  n1: {address: 192.0.2.1, user: ops, sudo: true}
                  n2: {address: 192.0.2.2, port: 2222}
                groups:
                  edge: {hosts: [n1, n2], vars: {role: edge}}
                pairs:
                  web:
                    nodes: {n1: {priority: 150, state: MASTER}, n2: {priority: 100}}
                    vrrp: {virtual_router_id: 77, interface: eth0, vips: [192.0.2.77/32]}
                """);
        Run r = Run.of("inventory", "-i", inv.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.out().contains("hunter2"), r.out());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(1, doc.get("format_version").asInt());
        JsonNode n1 = doc.get("hosts").get(0);
        assertEquals("n1", n1.get("name").asText());
        assertEquals("ops", n1.get("user").asText());
        assertTrue(n1.get("sudo").asBoolean());
        assertEquals("web", n1.get("pair").asText());
        assertEquals("edge", n1.get("vars").get("role").asText());
        assertEquals(2222, doc.get("hosts").get(1).get("port").asInt());
        assertEquals("[\"n1\",\"n2\"]", doc.get("groups").get("edge").toString());
        JsonNode web = doc.get("pairs").get(0);
        assertEquals(77, web.get("virtual_router_id").asInt());
        assertEquals("192.0.2.77/32", web.get("vips").get(0).asText());
        assertEquals("MASTER", web.get("nodes").get(0).get("state").asText());
    }

    @Test
    void aPairOfSeveralInstancesListsEachWithItsPrioritiesInJsonAndText() throws Exception {
        Path inv = Fixtures.write(dir, "inventory.yaml", """
                hosts: {n1: {address: 192.0.2.1}, n2: {address: 192.0.2.2}}
                pairs:
                  lb:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    instances:
                      lb_web: {virtual_router_id: 77, interface: eth0, vips: [192.0.2.77/32, "2001:db8::77/128"], auth_pass: s3cret}
                      lb_api: {virtual_router_id: 78, interface: eth0, vips: [192.0.2.78/32], priorities: {n1: 100, n2: 150}}
                """);
        Run r = Run.of("inventory", "-i", inv.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.out().contains("s3cret"), r.out());
        JsonNode lb = new ObjectMapper().readTree(r.out()).get("pairs").get(0);
        assertEquals("lb", lb.get("name").asText());
        assertEquals(77, lb.get("virtual_router_id").asInt(), "the main instance at the pair's level");
        List<String> names = new java.util.ArrayList<>();
        lb.get("instances").forEach(i -> names.add(i.get("name").asText()));
        assertEquals(List.of("lb_web", "lb_web_v6", "lb_api"), names);
        assertEquals("2001:db8::77/128", lb.get("instances").get(1).get("vips").get(0).asText());
        assertEquals(150, lb.get("instances").get(2).get("priorities").get("n2").asInt());
        assertEquals(Map.of("n1", 150, "n2", 100), new ObjectMapper().convertValue(lb.get("instances").get(0).get("priorities"), Map.class),
                "an instance without priorities of its own runs the nodes'");

        Run text = Run.of("inventory", "-i", inv.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("  lb: 3 VRRP instances\n"), text.out());
        assertTrue(text.out().contains("    instance lb_api: vrid 78 on eth0, advert 1 s, vips [192.0.2.78/32], priorities n1 100, n2 150\n"), text.out());
        assertTrue(text.out().contains("    instance lb_web_v6: vrid 77 on eth0, advert 1 s, vips [2001:db8::77/128]\n"), text.out());
    }
}
