package io.hastate.ha.model;

import io.hastate.core.load.InventoryLoader;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.secret.Redactor;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Secrets read from outside the inventory: a file, a command, the environment, or a variable reference. */
class AuthPassSourcesTest {
    @TempDir
    Path dir;

    private Inventory load(String text) {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", text));
    }

    private static final String PAIR = """
            hosts: {a: {}, b: {}}
            pairs:
              web:
                nodes: {a: {priority: 150}, b: {priority: 100}}
                vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], auth_pass: %s}
                vars: %s
            vars: %s
            """;

    @Test
    void aVariableCanBeReadFromAFileOrACommandAndIsMaskedWhateverItsName() throws Exception {
        Files.writeString(dir.resolve("vrrp.secret"), "Fil3Pw\n");
        Inventory inv = load(PAIR.formatted("{file: vrrp.secret}", "{}", "{become: {command: \"printf 'Cmd0ut9\\\\nsecond line'\"}, app: {env: prod}, home: {env: HOME}}"));
        assertEquals(System.getenv("HOME"), inv.mergedVars("a").get("home"));
        assertEquals("Fil3Pw", Pairs.all(inv).get("web").vrrp().authPass());
        assertEquals("Cmd0ut9", inv.mergedVars("a").get("become"));
        assertEquals(java.util.Map.of("env", "prod"), inv.mergedVars("a").get("app"), "{env: production} (not an upper-case name) is data");
        assertEquals("x ******** ******** y", Redactor.OUTPUT.redact("x Fil3Pw Cmd0ut9 y"));
    }

    @Test
    void authPassCanNameOneVariableOfThePairOrTheInventory() {
        Inventory inv = load(PAIR.formatted("\"{{vrrp_pw}}\"", "{vrrp_pw: Pa1rVal}", "{vrrp_pw: Gl0bal}"));
        assertEquals("Pa1rVal", Pairs.all(inv).get("web").vrrp().authPass(), "the pair's own variable wins");
        assertEquals("Gl0bal", Pairs.all(load(PAIR.formatted("\"{{vrrp_pw}}\"", "{}", "{vrrp_pw: Gl0bal}"))).get("web").vrrp().authPass());
        assertEquals("********", Redactor.OUTPUT.redact("Gl0bal"));
    }

    @Test
    void aSourceThatGivesNothingIsRefusedAtItsLine() {
        InvalidInputException env = assertThrows(InvalidInputException.class,
                () -> load(PAIR.formatted("{env: HASTATE_TEST_SURELY_UNSET_VAR}", "{}", "{}")));
        assertTrue(env.getMessage().matches(".*inv\\.yaml:5: pairs\\.web\\.vrrp\\.auth_pass: environment variable HASTATE_TEST_SURELY_UNSET_VAR is not set"), env.getMessage());
        InvalidInputException cmd = assertThrows(InvalidInputException.class, () -> load(PAIR.formatted("x", "{}", "{pw: {command: \"exit 3\"}}")));
        assertTrue(cmd.getMessage().contains("vars.pw: the secret's command failed (exit 3)"), cmd.getMessage());
        InvalidInputException file = assertThrows(InvalidInputException.class, () -> load(PAIR.formatted("{file: /nonexistent/pw}", "{}", "{}")));
        assertTrue(file.getMessage().contains("missing"), file.getMessage());
        InvalidInputException ref = assertThrows(InvalidInputException.class, () -> load(PAIR.formatted("\"{{nope}}\"", "{}", "{}")));
        assertTrue(ref.getMessage().contains("no variable 'nope'"), ref.getMessage());
        InvalidInputException tooLong = assertThrows(InvalidInputException.class, () -> load(PAIR.formatted("{command: \"echo 123456789\"}", "{}", "{}")));
        assertTrue(tooLong.getMessage().contains("1-8"), "a read value is validated like a written one: " + tooLong.getMessage());
    }
}
