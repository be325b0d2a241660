package io.hastate.watch;

import io.hastate.core.model.Change;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the status page lists per host and shows on a click, from one check round's results. */
class DriftBookTest {
    static StateResult result(String id, Status status, List<Change> changes, String comment) {
        return new StateResult(new StateRef(id, "file", "managed", "/etc/" + id, Location.NONE), status, changes, comment, Duration.ZERO);
    }

    final DriftBook book = new DriftBook();

    @Test
    void onlyDifferingStatesAreListedEachWithTheKeysThatDiffer() {
        book.record("lb1", List.of(
                result("motd", Status.UNCHANGED, List.of(), ""),
                result("haproxy-cfg", Status.WOULD_CHANGE, List.of(new Change("content", "a", "b", "--- old\n+++ new\n-maxconn 100\n+maxconn 200", false),
                        Change.of("mode", "0600", "0644")), ""),
                result("vip-sysctl", Status.FAILED, List.of(), "sysctl: permission denied")));
        assertEquals(List.of(
                        Map.of("id", "haproxy-cfg", "label", "file.managed /etc/haproxy-cfg (haproxy-cfg)", "status", "differs", "keys", List.of("content", "mode")),
                        Map.of("id", "vip-sysctl", "label", "file.managed /etc/vip-sysctl (vip-sysctl)", "status", "failed", "keys", List.of())),
                book.states("lb1"));
        assertEquals(List.of(), book.states("lb2"), "a host not checked yet differs in nothing known");
    }

    @Test
    void aStatesDifferenceReadsAsTheTextReportAndGoesOnceInSync() {
        book.record("lb1", List.of(result("haproxy-cfg", Status.WOULD_CHANGE,
                List.of(new Change("content", "a", "b", "-maxconn 100\n+maxconn 200\u001b]0;title\u0007", false), Change.of("mode", "0600", "0644")), "")));
        assertEquals(Optional.of("""
                lb1  file.managed /etc/haproxy-cfg (haproxy-cfg)  differs from the declared state
                  content:
                    -maxconn 100
                    +maxconn 200\\u001b]0;title\\u0007
                  mode: 0600 -> 0644
                """), book.diff("lb1", "haproxy-cfg"), "a host's control characters are shown escaped");
        assertEquals(Optional.empty(), book.diff("lb1", "motd"));
        book.record("lb1", List.of(result("haproxy-cfg", Status.UNCHANGED, List.of(), "")));
        assertEquals(Optional.empty(), book.diff("lb1", "haproxy-cfg"), "repaired: nothing to show");
        assertEquals(List.of(), book.states("lb1"));
    }
}
