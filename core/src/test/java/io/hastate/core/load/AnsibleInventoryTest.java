package io.hastate.core.load;

import io.hastate.core.model.Host;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ansible inventories, INI and YAML, read as hastate's: -i ansible:PATH, or ansible: PATH plus pairs. */
class AnsibleInventoryTest {
    @TempDir
    Path dir;

    static final String INI = """
            # an Ansible inventory
            bastion ansible_host=192.0.2.5

            [lb]
            lb1 ansible_host=192.0.2.11 ansible_user=ops ansible_port=2222 ansible_become=yes ansible_python_interpreter=/usr/bin/python3
            lb2 ansible_host=192.0.2.12 ansible_user=ops role="backup node"

            [web]
            web[01:03] ansible_connection=local

            [edge:children]
            lb
            web

            [edge:vars]
            ntp=192.0.2.1

            [all:vars]
            site=dc1
            """;

    static final String YAML = """
            all:
              vars: {site: dc1}
              hosts:
                bastion: {ansible_host: 192.0.2.5}
              children:
                edge:
                  vars: {ntp: 192.0.2.1}
                  children:
                    lb:
                      hosts:
                        lb1: {ansible_host: 192.0.2.11, ansible_user: ops, ansible_port: 2222, ansible_become: true, ansible_python_interpreter: /usr/bin/python3}
                        lb2: {ansible_host: 192.0.2.12, ansible_user: ops, role: backup node}
                    web:
                      hosts:
                        web01: {ansible_connection: local}
                        web02: {ansible_connection: local}
                        web03: {ansible_connection: local}
            """;

    private static void sameFleet(Inventory inv) {
        assertEquals(List.of("bastion", "lb1", "lb2", "web01", "web02", "web03"), inv.hosts().keySet().stream().sorted().toList());
        Host lb1 = inv.host("lb1");
        assertEquals("192.0.2.11", lb1.address());
        assertEquals(2222, lb1.port());
        assertEquals("ops", lb1.user());
        assertTrue(lb1.become().sudo());
        assertTrue(!lb1.vars().containsKey("ansible_python_interpreter"), "Ansible's own settings stay with Ansible");
        assertEquals("backup node", inv.mergedVars("lb2").get("role"));
        assertEquals(Host.Connection.LOCAL, inv.host("web02").connection());
        assertEquals(List.of("lb1", "lb2"), inv.groups().get("lb").hosts());
        assertEquals(List.of("lb", "web"), inv.groups().get("edge").children());
        assertEquals("192.0.2.1", inv.mergedVars("web03").get("ntp"), "a parent group's vars reach its children's hosts");
        assertEquals("dc1", inv.mergedVars("bastion").get("site"));
        assertTrue(inv.sections().isEmpty());
    }

    @Test
    void anIniInventoryIsReadWithItsGroupsChildrenVarsAndRanges() {
        Path hosts = Fixtures.write(dir, "hosts.ini", INI);
        sameFleet(new InventoryLoader().load(Path.of(InventoryLoader.ANSIBLE_PREFIX + hosts)));
    }

    @Test
    void aYamlInventoryGivesTheSameFleet() {
        Path hosts = Fixtures.write(dir, "hosts.yml", YAML);
        sameFleet(new InventoryLoader().load(Path.of(InventoryLoader.ANSIBLE_PREFIX + hosts)));
    }

    @Test
    void connectionSettingsInGroupVarsReachTheirHostsAndTheNearestWins() {
        Path hosts = Fixtures.write(dir, "hosts.ini", """
                [all:vars]
                ansible_user=deploy
                ansible_port=2200

                [db]
                db1
                db2 ansible_user=postgres

                [dc1:children]
                db

                [dc1:vars]
                ansible_port=2201

                [db:vars]
                ansible_become=true
                """);
        Inventory inv = new InventoryLoader().load(Path.of(InventoryLoader.ANSIBLE_PREFIX + hosts));
        assertEquals("deploy", inv.host("db1").user(), "from all");
        assertEquals(2201, inv.host("db1").port(), "a parent group overrides all");
        assertTrue(inv.host("db1").become().sudo(), "the host's own group");
        assertEquals("postgres", inv.host("db2").user(), "the host itself wins");
        assertTrue(!inv.mergedVars("db1").containsKey("ansible_user"), "Ansible's settings are not hastate variables");
    }

    @Test
    void aHostDeclaredTwiceNamesTheHastateLine() {
        Fixtures.write(dir, "hosts.ini", INI);
        Path inventory = Fixtures.write(dir, "inventory.yaml", "ansible: hosts.ini\nhosts:\n  lb1: {address: 192.0.2.99}\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new InventoryLoader().load(inventory));
        assertTrue(e.getMessage().contains("inventory.yaml:3") && e.getMessage().contains("hosts.lb1"), e.getMessage());
    }

    @Test
    void aBadIniLineIsNamedInTheAnsibleFile() {
        Path hosts = Fixtures.write(dir, "hosts.ini", "[lb]\nlb1 ansible_port\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new InventoryLoader().load(Path.of(InventoryLoader.ANSIBLE_PREFIX + hosts)));
        assertTrue(e.getMessage().contains("hosts.ini:2") && e.getMessage().contains("key=value"), e.getMessage());
    }
}
