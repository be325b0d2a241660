package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.hastate.cli.lab.Lab.hastate;
import static io.hastate.cli.lab.Lab.ssh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Privilege escalation with sudo on a real host: without a password, with one, and refused without sudo. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabSudoTest {
    static final String PASSWORD = "pw-for-ops2-lab";

    @BeforeAll
    static void users() throws Exception {
        Lab.requireRunning();
        String setup = """
                set -e
                for u in ops ops2; do
                  id $u >/dev/null 2>&1 || useradd -m -s /bin/sh $u
                  mkdir -p /home/$u/.ssh && cp /root/.ssh/authorized_keys /home/$u/.ssh/ && chown -R $u /home/$u/.ssh
                done
                usermod -p '*' ops
                echo 'ops2:%s' | chpasswd
                echo 'ops ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/ops
                echo 'ops2 ALL=(ALL) ALL' > /etc/sudoers.d/ops2
                chmod 440 /etc/sudoers.d/ops /etc/sudoers.d/ops2
                mkdir -p /etc/hastate-sudo
                """.formatted(PASSWORD);
        Lab.Result r = ssh("p1b", setup);
        assertEquals(0, r.exit(), r.err());
    }

    @AfterAll
    static void removeUsers() throws Exception {
        ssh("p1b", "rm -rf /etc/hastate-sudo /etc/sudoers.d/ops /etc/sudoers.d/ops2; userdel -r ops; userdel -r ops2; true");
    }

    @Test
    void sudoWithAndWithoutPasswordWritesRootFiles(@TempDir Path tmp) throws Exception {
        String ip = Lab.address("p1b");
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), """
                ssh: {known_hosts: %s}
                hosts:
                  nopass: {address: %s, user: ops, sudo: true, identity: %s}
                  withpass:
                    address: %s
                    user: ops2
                    sudo: true
                    sudo_password_var: sudo_password
                    identity: %s
                    vars: {sudo_password: %s}
                  plain: {address: %s, user: ops2, identity: %s}
                  nopasswdwithvar:
                    address: %s
                    user: ops
                    sudo: true
                    sudo_password_var: sudo_password
                    identity: %s
                    vars: {sudo_password: "touch /etc/hastate-sudo/password-ran-as-a-command"}
                """.formatted(Lab.KNOWN_HOSTS, ip, Lab.KEY, ip, Lab.KEY, PASSWORD, ip, Lab.KEY, ip, Lab.KEY));
        Files.createDirectories(tmp.resolve("states"));
        Files.writeString(tmp.resolve("states/sudo.yaml"), """
                root-file:
                  file.managed:
                    name: /etc/hastate-sudo/{{host.name}}.conf
                    content: "written as {{host.user}}\\n"
                    mode: "0600"
                """);
        Lab.Result r = hastate("apply", "-i", inventory.toString(), "--states", tmp.resolve("states").toString(),
                "--format", "json", "sudo");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains(PASSWORD), "the sudo password never reaches the report");
        JsonNode hosts = new ObjectMapper().readTree(r.out()).get("hosts");
        assertEquals("changed", hosts.get(0).path("states").path(0).path("status").asText(), r.out());
        assertEquals("changed", hosts.get(1).path("states").path(0).path("status").asText(), r.out());
        JsonNode plain = hosts.get(2).path("states").path(0);
        assertEquals("failed", plain.get("status").asText());
        assertTrue(plain.get("comment").asText().contains("Permission denied"), plain.toString());

        assertEquals("600 root root\nwritten as ops\n",
                ssh("p1b", "stat -c '%a %U %G' /etc/hastate-sudo/nopass.conf; cat /etc/hastate-sudo/nopass.conf").out());
        assertEquals("600 root root\nwritten as ops2\n",
                ssh("p1b", "stat -c '%a %U %G' /etc/hastate-sudo/withpass.conf; cat /etc/hastate-sudo/withpass.conf").out(),
                "the password line did not leak into the file");
        assertFalse(ssh("p1b", "test -e /etc/hastate-sudo/plain.conf").exit() == 0);
        // A NOPASSWD rule with a password given anyway: sudo never asks, so the password is never sent,
        // neither into the file nor to the kept shell (which would run it as a command).
        assertEquals("changed", hosts.get(3).path("states").path(0).path("status").asText(), r.out());
        assertEquals("600 root root\nwritten as ops\n",
                ssh("p1b", "stat -c '%a %U %G' /etc/hastate-sudo/nopasswdwithvar.conf; cat /etc/hastate-sudo/nopasswdwithvar.conf").out());
        assertFalse(ssh("p1b", "test -e /etc/hastate-sudo/password-ran-as-a-command").exit() == 0, "the password line ran as a command");
    }
}
