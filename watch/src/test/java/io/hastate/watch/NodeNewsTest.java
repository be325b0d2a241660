package io.hastate.watch;

import io.hastate.core.facts.NetAddresses.NetAddress;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.testing.Fixtures;
import io.hastate.ha.facts.KeepalivedProcess;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.Pairs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeNewsTest {
    static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");
    static final NetAddress OWN = new NetAddress("eth0", "10.0.0.1", 24, "global");
    static final NetAddress VIP = new NetAddress("eth0", "10.0.0.9", 32, "global");

    @TempDir
    Path dir;

    final List<WatchEvent> events = new ArrayList<>();
    PairTracker tracker;

    NodeNews nodeA() {
        Pair pair = Pairs.all(new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a: {}, b: {}}
                pairs:
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32]}
                """))).get("web");
        tracker = new PairTracker(pair);
        tracker.update("b", new NodeView(true, List.of(new NetAddress("eth0", "10.0.0.2", 24, "global")), "BACKUP"), T0);
        return new NodeNews(seen("MASTER", OWN, VIP), T0,
                (seen, at) -> events.addAll(tracker.update("a", new NodeView(true, seen.addresses(), Watcher.nodeState(pair, seen.keepalived())), at)));
    }

    static NodeNews.Seen seen(String state, NetAddress... addresses) {
        return new NodeNews.Seen(List.of(addresses), new KeepalivedProcess(true, 1, state, Map.of("VI_web", state)));
    }

    static MonitorBursts.Line line(long millis, String text) {
        return new MonitorBursts.Line(T0.plusMillis(millis), AddressChange.parse(text));
    }

    static final String DELETED = "Deleted 2: eth0    inet 10.0.0.9/32 scope global eth0";
    static final String ADDED = "2: eth0    inet 10.0.0.9/32 scope global eth0";

    WatchEvent last(WatchEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).reduce((x, y) -> y).orElseThrow();
    }

    @Test
    void aVipBackBeforeALookThatCameLaterThanItsLineEndsTheOutageAtTheKernelsTime() {
        NodeNews a = nodeA();
        // The VIP is deleted at 100 ms; the look that follows ran at 120 ms and saw keepalived in BACKUP.
        a.lines(List.of(line(100, DELETED)));
        a.looked(seen("BACKUP", OWN), T0.plusMillis(120));
        // keepalived's journal line makes the next burst; its look only ran at 600 ms, after keepalived put the
        // VIP back at 520 ms, and the kernel's line for that came with the look's answer.
        a.lines(List.of());
        a.lines(List.of(line(520, ADDED)));
        a.looked(seen("MASTER", OWN, VIP), T0.plusMillis(600));

        assertEquals(T0.plusMillis(100), last(WatchEvent.Kind.OUTAGE).at());
        assertEquals("lasted 420 ms", last(WatchEvent.Kind.OUTAGE_OVER).detail());
        assertEquals(Duration.ofMillis(420), tracker.outageTotal(T0.plusSeconds(60)));
        assertEquals(T0.plusMillis(600), last(WatchEvent.Kind.KEEPALIVED_STATE).at(), "keepalived's state is dated by the look that saw it");
    }

    @Test
    void aLookThatSawTheVipBackBeforeItsLineCameEndsTheOutageWhenItRanNeverBefore() {
        NodeNews a = nodeA();
        a.lines(List.of(line(100, DELETED)));
        a.looked(seen("BACKUP", OWN), T0.plusMillis(120));
        a.looked(seen("MASTER", OWN, VIP), T0.plusMillis(600));
        // The kernel's line comes after: it tells nothing new.
        a.lines(List.of(line(520, ADDED)));

        assertEquals("lasted 500 ms", last(WatchEvent.Kind.OUTAGE_OVER).detail());
        assertEquals(1, events.stream().filter(e -> e.kind() == WatchEvent.Kind.OUTAGE).count());
    }

    @Test
    void newsThatComesOutOfOrderNeverGoesBackInTime() {
        NodeNews a = nodeA();
        a.looked(seen("MASTER", OWN, VIP), T0.plusMillis(300));
        // A line stamped before the last look (another command's, slower to come) is taken in at the look's date.
        a.lines(List.of(line(200, DELETED)));
        assertEquals(T0.plusMillis(300), last(WatchEvent.Kind.OUTAGE).at());
    }
}
