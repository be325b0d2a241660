package io.hastate.api;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an embedder gets from a planned move that cannot be made: an outcome saying why, and nothing changed. */
@Timeout(30)
class PairMovesTest {
    @TempDir
    Path dir;

    final Map<String, FakeTransport> hosts = new HashMap<>();
    final List<Object> events = new ArrayList<>();

    Project project() {
        return project(Path.of("..", "states"));
    }

    Project project(Path states) {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts: {a: {address: 10.0.0.1}, b: {address: 10.0.0.2}}
                pairs:
                  web:
                    nodes: {a: {priority: 150, state: MASTER}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.7/32]}
                """);
        return Project.load(inventory, states, List.of());
    }

    /** a holds the VIP; b's keepalived is stopped. */
    FakeTransport host(String name) {
        return hosts.computeIfAbsent(name, h -> new FakeTransport().answerHolds("locked").handle(c -> answer(h, c)));
    }

    Optional<CommandResult> answer(String host, String command) {
        if (command.startsWith("ip -j addr show")) {
            String vip = host.equals("a") ? ",{\"local\":\"10.0.0.7\",\"scope\":\"global\"}" : "";
            return Optional.of(CommandResult.ok("[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"10.0.1.1\",\"scope\":\"global\"}" + vip + "]}]"));
        }
        if (command.startsWith("systemctl show -p ActiveState")) {
            return Optional.of(CommandResult.ok(host.equals("a") ? "ActiveState=active\nExecMainStartTimestampMonotonic=1000\n(web) Entering MASTER STATE\n"
                    : "ActiveState=inactive\n"));
        }
        if (command.contains("if [ -e /etc/hastate/drained ]")) return Optional.of(CommandResult.ok("active\n"));
        if (command.contains("nmcli -t -f DEVICE,STATE device status")) return Optional.of(CommandResult.ok("networkd\n"));
        return Optional.empty();
    }

    @Test
    void aDrainWhosePeerIsNoStandbyIsRefusedWithNothingWritten() {
        PairMoves moves = new PairMoves(project(), List.of("ha"), h -> host(h.name()), events::add);
        PairMoves.Outcome o = moves.drain("a", false);
        assertTrue(o.refused() && !o.ok(), o.toString());
        assertNull(o.pair());
        assertTrue(o.message().contains("b is no standby (keepalived is not running)"), o.message());
        assertEquals(List.of(), host("a").written(), "no drain mark");
        assertEquals(List.of(), events, "no state was applied");
    }

    @Test
    void anUnreachableNodeIsAnOutcomeNotAnError() {
        PairMoves moves = new PairMoves(project(), List.of("ha"), h -> {
            throw new TransportException("cannot connect to " + h.name() + ": connection refused");
        }, events::add);
        PairMoves.Outcome o = moves.undrain("b");
        assertTrue(!o.ok() && !o.refused(), o.toString());
        assertEquals("cannot connect to b: connection refused", o.message());
    }

    @Test
    void statesWithoutAKeepalivedConfigAreBadInputBeforeAnyNodeIsOpened() {
        Fixtures.write(dir, "other/motd.yaml", "motd:\n  file.managed:\n    name: /etc/motd\n    content: hi\n");
        Project project = project(dir.resolve("other"));
        PairMoves moves = new PairMoves(project, List.of("motd"), h -> {
            throw new AssertionError("no node is opened");
        }, events::add);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> moves.handover("web", null, null, false));
        assertTrue(e.getMessage().contains("states have no keepalived.config state"), e.getMessage());
    }
}
