package io.hastate.cli;

import io.hastate.watch.History;
import io.hastate.watch.HttpAccess;
import io.hastate.watch.WatchEvent;
import io.hastate.watch.WatchServer;
import io.hastate.watch.WatchView;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watch's status page as an operator keeps it open on a wall, read in headless chromium: a banner
 * naming each problem, each pair's nodes, what happened before the page was opened (the watch's events
 * and the history database's episodes), the timeline's time axis, when it last heard from the watch,
 * and a loud banner once it no longer does.
 */
@Tag("external")  // Debian's chromium
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StatusPageTest {
    @TempDir
    Path dir;

    /** A watch in the middle of an outage of pair web, with lb3 unreachable. */
    static final class OutageView implements WatchView {
        @Override
        public String metrics() {
            return "";
        }

        @Override
        public Map<String, Object> status() {
            return Map.of("updated_at", Instant.now().toString(),
                    "pairs", List.of(Map.of("name", "web", "holders", Map.of("10.0.0.9/32", List.of()), "outage", true, "split_brain", false,
                            "transitions", 1, "outage_seconds", 2.5, "nodes", List.of(
                                    Map.of("host", "lb1", "state", "FAULT", "priority", 150, "preferred", true, "drained", false),
                                    Map.of("host", "lb2", "state", "BACKUP", "priority", 100, "preferred", false, "drained", true)))),
                    "hosts", List.of(Map.of("name", "lb3", "up", false, "reason", "connection refused", "drift_states", 0, "drained", false,
                            "risks", List.of()),
                            Map.of("name", "lb1", "up", true, "reason", "", "drift_states", 1, "drained", false, "risks", List.of(),
                                    "drifted", List.of(Map.of("id", "haproxy-cfg", "label", "file.managed /etc/haproxy/haproxy.cfg (haproxy-cfg)",
                                            "status", "differs", "keys", List.of("content"))))));
        }

        @Override
        public java.util.Optional<String> diff(String host, String stateId) {
            return host.equals("lb1") && stateId.equals("haproxy-cfg")
                    ? java.util.Optional.of("lb1  file.managed /etc/haproxy/haproxy.cfg (haproxy-cfg)  differs from the declared state\n"
                            + "  content:\n    -    maxconn 2000\n    +    maxconn 4000\n")
                    : java.util.Optional.empty();
        }

        @Override
        public List<WatchEvent> events(Instant since) {
            return List.of(new WatchEvent(Instant.now().minusSeconds(30), WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 10.0.0.9/32"));
        }

        @Override
        public Runnable subscribe(Consumer<WatchEvent> listener) {
            return () -> {};
        }
    }

    @Test
    void problemsNodesPastEventsAndTheTimeAxisShowAndALostWatchIsSaidLoudly() throws Exception {
        // Yesterday evening's outage, recorded by an earlier watch in the history database the page reads.
        History history = History.file(dir.resolve("history.db"));
        Instant start = Instant.now().minusSeconds(3 * 3600);
        history.accept(new WatchEvent(start, WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 10.0.0.9/32; after lb1 keepalived MASTER -> FAULT"));
        history.accept(new WatchEvent(start.plusMillis(1500), WatchEvent.Kind.OUTAGE_OVER, "web", null, "lasted 1500 ms"));
        WatchServer server = new WatchServer(new OutageView(), HttpAccess.open(new InetSocketAddress("127.0.0.1", 0)), history);
        server.start();
        Path shots = Files.createDirectories(Path.of("target", "status-page"));
        try (Browser page = Browser.open("http://127.0.0.1:" + server.address().getPort() + "/", Files.createDirectories(dir.resolve("chromium")))) {
            String shown = page.await("PROBLEM: web: outage, a VIP held by nobody; web: keepalived FAULT on lb1; lb3 unreachable;"
                    + " lb1: 1 state(s) differ from the declared ones", 15);
            assertTrue(shown.contains("lb1 FAULT (priority 150, preferred), lb2 BACKUP (priority 100, drained)"), shown);
            assertTrue(shown.matches("(?s).*updated \\d+ s ago.*"), shown);
            // The page's own parts come in as it reads the watch's events: each is awaited.
            page.await("outage pair=web nobody holds 10.0.0.9/32", 10);
            shown = page.await("-60 min", 10);
            assertTrue(shown.contains("now ("), "the timeline's axis ends now: " + shown);
            shown = page.await("nobody holds 10.0.0.9/32; after lb1 keepalived MASTER -> FAULT", 10);
            assertTrue(shown.contains("1.5 s"), "the history's episode with its duration: " + shown);
            page.screenshot(shots.resolve("problem.png"));

            // Drift by state: each differing state of a host is a link; a click shows its difference.
            shown = page.await("file.managed /etc/haproxy/haproxy.cfg (haproxy-cfg)", 10);
            assertTrue(!shown.contains("-    maxconn 2000"), "the difference is shown on a click only");
            assertEquals("/api/diff?host=lb1&state=haproxy-cfg", page.evaluate("new URL(document.querySelector('a.drift').href).pathname"
                    + " + new URL(document.querySelector('a.drift').href).search").asText());
            page.evaluate("document.querySelector('a.drift').click(), true");
            shown = page.await("+    maxconn 4000", 10);
            assertTrue(shown.contains("lb1: file.managed /etc/haproxy/haproxy.cfg (haproxy-cfg)") && shown.contains("-    maxconn 2000"), shown);
            page.screenshot(shots.resolve("drift.png"));

            server.close();
            shown = page.await("LOST CONTACT with the watch", 20);
            assertTrue(shown.contains("What this page shows may be out of date."), shown);
            page.screenshot(shots.resolve("lost-contact.png"));
            System.out.println("status page screenshots: " + shots.toAbsolutePath());
        } finally {
            server.close();
            history.close();
        }
    }
}
