package io.hastate.ha.importing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The imported pairs as YAML: whatever a host's text holds, it stays inside a comment or a value. */
@Timeout(10)
class PairsYamlTest {
    /** Every character YAML takes as a line break, each followed by a key an attacker would want. */
    static final List<String> BREAKS = List.of("\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029");

    static ImportedPair pair(String name, List<String> renderers, List<String> differences) {
        return new ImportedPair(name, List.of(new ImportedPair.Node("lb1", 150, "MASTER", "10.0.0.1"), new ImportedPair.Node("lb2", 100, "BACKUP", null)),
                Map.of("eth0", "keep-configuration"), List.of(new ImportedPair.Instance(name, 51, "eth0", 1, List.of("10.0.0.100/32", "10.0.0.101/32"), true, false, "pw",
                List.of(), Map.of(), Map.of(), List.of())), List.of(), List.of(), List.of(), renderers, differences);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    @Test
    void hostTextWithAnyLineBreakStaysInItsCommentLine() {
        for (String br : BREAKS) {
            String hostile = "x" + br + "vars:" + br + "  x: {command: 'id > /tmp/p; echo v'}" + br + "hosts: {evil: {connection: local}}";
            String yaml = PairsYaml.render(List.of(pair("VI_1", List.of("lb1: " + hostile), List.of("lb2: instance " + hostile + " is renamed VI_1"))),
                    p -> "secrets/VI_1.auth_pass");
            Map<String, Object> doc = load(yaml);
            assertEquals(List.of("pairs"), List.copyOf(doc.keySet()), "only pairs, with a break " + escaped(br) + ":\n" + yaml);
            Map<String, Object> pairs = (Map<String, Object>) doc.get("pairs");
            assertEquals(List.of("VI_1"), List.copyOf(pairs.keySet()), yaml);
            assertTrue(yaml.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)), "printable ASCII lines only:\n" + yaml);
            assertTrue(yaml.contains("# found on lb1: x"), yaml);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theValuesAreWhatTheInventoryReads() {
        String yaml = PairsYaml.render(List.of(pair("VI_1", List.of("lb1: systemd-networkd"), List.of())), p -> "secrets/a \"b\": #c.auth_pass");
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) load(yaml).get("pairs")).get("VI_1");
        assertEquals(Map.of("lb1", Map.of("priority", 150, "state", "MASTER", "address", "10.0.0.1"), "lb2", Map.of("priority", 100)), p.get("nodes"));
        Map<String, Object> vrrp = (Map<String, Object>) p.get("vrrp");
        assertEquals(51, vrrp.get("virtual_router_id"));
        assertEquals(List.of("10.0.0.100/32", "10.0.0.101/32"), vrrp.get("vips"));
        assertEquals(true, vrrp.get("unicast"));
        assertEquals(false, vrrp.get("preempt"));
        assertEquals(Map.of("file", "secrets/a \"b\": #c.auth_pass"), vrrp.get("auth_pass"), "a path with quotes and '#' is a value");
        assertTrue(yaml.contains("means the same"), yaml);
        assertFalse(yaml.contains("pw"), "the password is never in the inventory");
    }

    @Test
    void anAnsibleSourcePathIsOneValue() {
        assertEquals(Map.of("ansible", "/tmp/a: b\u2028c: d"), load(PairsYaml.ansibleSource("/tmp/a: b\u2028c: d")));
    }

    static String escaped(String s) {
        return s.chars().mapToObj(c -> String.format("U+%04X", c)).toList().toString();
    }
}
