package io.hastate.core.load;

import io.hastate.core.model.HostSet;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.secret.InventorySecrets;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.hastate.core.testing.Fixtures.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A section a module reads: core selects, merges and masks its host sets without knowing what they are. */
class InventorySectionTest {
    @TempDir
    Path dir;

    record Team(String name, List<String> hosts, Map<String, Object> vars, Location location, Set<String> secrets) implements HostSet {}

    /** {@code teams: {NAME: {members: [HOST...], token: SECRET, vars: {...}}}}. */
    static final class Teams implements InventorySection {
        @Override
        public String key() {
            return "teams";
        }

        @Override
        public Map<String, Team> read(YNode.YMap section, SectionContext context) {
            Map<String, Team> out = new LinkedHashMap<>();
            for (YNode.YMap.Entry e : section.entries().values()) {
                YNode.YMap m = e.value().asMap("teams." + e.key());
                List<String> members = new ArrayList<>();
                for (YNode h : m.require("members", "teams." + e.key()).asListOrSingle("teams." + e.key() + ".members")) {
                    String host = h.asString("teams." + e.key() + ".members");
                    if (!context.hosts().containsKey(host)) throw new InvalidInputException(h.location(), "teams." + e.key() + ".members", "unknown host " + host);
                    members.add(host);
                }
                Map<String, Object> vars = context.vars(m.get("vars"), "teams." + e.key() + ".vars");
                String token = context.secret(m.require("token", "teams." + e.key()), "teams." + e.key() + ".token", vars, "the team's");
                out.put(e.key(), new Team(e.key(), members, vars, e.keyLocation(), Set.of(token)));
            }
            return out;
        }
    }

    Inventory load(String text) {
        return new InventoryLoader(List.of(new Teams())).load(Fixtures.write(dir, "inv.yaml", text));
    }

    @Test
    void aSectionsHostSetsAreTargetsTheirVarsMergeAndTheirSecretsAreMasked() {
        Inventory inv = load("""
                hosts: {a: {vars: {role: own}}, b: {}, c: {}}
                groups: {g: {hosts: [a, b], vars: {role: group, site: x}}}
                vars: {team_token: T0ken-all}
                teams:
                  ops:
                    members: [a, b]
                    token: "{{team_token}}"
                    vars: {role: team, pager: on}
                """);
        assertEquals(List.of("a", "b"), Targets.select(inv, "ops").orElseThrow());
        assertEquals("team", inv.mergedVars("b").get("role"), "a host set's vars come after its groups'");
        assertEquals("own", inv.mergedVars("a").get("role"), "and before the host's own");
        assertEquals(false, inv.mergedVars("c").containsKey("pager"));
        assertEquals(List.of("ops"), inv.hostSetsOf("a").stream().map(HostSet::name).toList());
        assertTrue(InventorySecrets.of(inv).contains("T0ken-all"));
    }

    @Test
    void aSectionNoModuleReadsIsAnUnknownKeyAndANameIsOneHostGroupOrSet() {
        InvalidInputException unknown = invalid(() -> new InventoryLoader(List.of()).load(Fixtures.write(dir, "x.yaml",
                "hosts: {a: {}}\nteams: {ops: {members: [a], token: t}}\n")));
        assertTrue(unknown.getMessage().contains("teams"), unknown.getMessage());
        InvalidInputException clash = invalid(() -> load("hosts: {a: {}}\ngroups: {ops: {hosts: [a]}}\nteams: {ops: {members: [a], token: t}}\n"));
        assertTrue(clash.getMessage().contains("teams.ops: name already used"), clash.getMessage());
        IllegalArgumentException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new InventoryLoader(List.of(new Teams(), new Teams())));
        assertTrue(twice.getMessage().contains("teams"));
    }
}
