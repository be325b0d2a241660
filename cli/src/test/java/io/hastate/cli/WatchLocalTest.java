package io.hastate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watch on this machine: a pair of two local "nodes" whose VIP (from TEST-NET, never configured
 * here) nobody holds. The outage is seen, and shows in the metrics, the status and the events.
 */
class WatchLocalTest {
    @TempDir
    Path dir;

    @Test
    void aPairWhoseVipNobodyHoldsIsAnOutageInMetricsStatusAndEvents() throws Exception {
        Path inventory = LocalPair.inventory(dir);
        RunningWatch watch = RunningWatch.start("watch", "-i", inventory.toString(),
                "--states", dir.resolve("none").toString(), "--listen", "127.0.0.1:0", "--interval", "1s", "--for", "8s",
                "--db", dir.resolve("history.db").toString(), "--alert-command", "cat >> " + dir.resolve("alerts"));
        String base = watch.base();
        HttpClient http = HttpClient.newHttpClient();
        String metrics = "";
        for (int i = 0; i < 200 && !metrics.contains("hastate_pair_vip_holders{"); i++) {
            Thread.sleep(100);
            metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertTrue(metrics.contains("# TYPE hastate_pair_vip_holders gauge"), metrics);
        assertTrue(metrics.contains("hastate_pair_vip_holders{pair=\"web\",vip=\"192.0.2.77/32\"} 0"), metrics);
        assertTrue(metrics.contains("hastate_host_up{host=\"n1\"} 1"), metrics);

        JsonNode status = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(status.get("pairs").get(0).get("outage").asBoolean(), status.toString());
        JsonNode events = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/events?since=0")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode outage = null, stopped = null;
        for (JsonNode e : events) {
            if (outage == null && e.get("kind").asText().equals("outage")) outage = e;
            if (stopped == null && e.get("kind").asText().equals("keepalived_down")) stopped = e;
        }
        assertTrue(outage != null, events.toString());
        assertTrue(outage.get("detail").asText().startsWith("nobody holds 192.0.2.77/32; after "), outage.toString());
        assertTrue(outage.get("detail").asText().contains("keepalived not running"), "the cause: no keepalived here: " + outage);
        assertTrue(stopped != null && stopped.get("detail").asText().equals("keepalived is STOPPED"), "no keepalived runs here: " + events);
        assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(base + "/api/events?since=yesterday")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("<h1>hastate watch</h1>") && page.contains("new EventSource(\"/api/stream\")"), page);
        // The SVG namespace is a name, never fetched.
        String fetched = page.replace("\"http://www.w3.org/2000/svg\"", "");
        assertTrue(!fetched.contains("http://") && !fetched.contains("https://"), "the page fetches nothing from elsewhere");

        assertEquals(0, watch.awaitEnd(60));
        assertTrue(watch.log().contains(" outage pair=web nobody holds 192.0.2.77/32"), watch.log());
        assertTrue(java.nio.file.Files.readString(dir.resolve("alerts")).contains("\"kind\":\"outage\""), "the alert command heard of it");

        Run history = Run.of("history", "--db", dir.resolve("history.db").toString(), "--format", "json");
        assertEquals(0, history.exit(), history.err());
        JsonNode episode = new ObjectMapper().readTree(history.out()).get("episodes").get(0);
        assertEquals("outage", episode.get("what").asText());
        assertEquals("web", episode.get("pair").asText());
        assertEquals("watch stopped", episode.get("ending").asText(), "nobody held it until the watch stopped: " + episode);
        assertTrue(!episode.get("end").isNull(), episode.toString());
        assertTrue(watch.log().contains("1 episode(s) still going on are closed in the history as the watch stops"), watch.log());
    }

    @Test
    void aWatchWhoseThreadIsInterruptedStopsListeningAndEnds() throws Exception {
        Path inventory = LocalPair.inventory(dir);
        // A watch killed before this one left an outage open in the history.
        java.time.Instant killedAt = java.time.Instant.now().minusSeconds(60);
        io.hastate.watch.History left = io.hastate.watch.History.file(dir.resolve("history.db"));
        left.accept(new io.hastate.watch.WatchEvent(killedAt, io.hastate.watch.WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 192.0.2.77/32"));
        left.close();
        RunningWatch watch = RunningWatch.start("watch", "-i", inventory.toString(), "--states", dir.resolve("none").toString(),
                "--listen", "127.0.0.1:0", "--interval", "1s", "--db", dir.resolve("history.db").toString());
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create(watch.base() + "/metrics");
        assertEquals(200, http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

        assertEquals(0, watch.stop(), "an interrupted watch ends as one that ran its time: " + watch.log());
        try {
            http.send(HttpRequest.newBuilder(metrics).timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the watch still listens after it ended");
        } catch (java.net.ConnectException closed) {
            // nothing listens any more
        }
        Run history = Run.of("history", "--db", dir.resolve("history.db").toString(), "--format", "json");
        assertEquals(0, history.exit(), "its history is closed and readable: " + history.err());
        assertTrue(watch.log().contains("1 episode(s) a previous watch left open are closed, their end unknown"), watch.log());
        JsonNode first = new ObjectMapper().readTree(history.out()).get("episodes").get(0);
        assertEquals(killedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), first.get("start").asText());
        assertEquals("end unknown", first.get("ending").asText(), first.toString());
    }

    @Test
    void aStateTreeWithoutATopFileIsWatchedForItsPairsAndSaysNoStatesAreChecked() throws Exception {
        Path inventory = LocalPair.inventory(dir);
        java.nio.file.Files.createDirectories(dir.resolve("tree"));
        java.nio.file.Files.writeString(dir.resolve("tree/app.yaml"), "marker:\n  file.managed: {name: " + dir.resolve("marker") + ", content: x}\n");
        RunningWatch watch = RunningWatch.start("watch", "-i", inventory.toString(), "--states", dir.resolve("tree").toString(),
                "--listen", "127.0.0.1:0", "--interval", "1s", "--for", "3s", "--db", dir.resolve("history.db").toString());
        assertEquals(0, watch.awaitEnd(60), watch.log());
        assertTrue(watch.log().contains("hastate watch: no states are checked (no top.yaml in " + dir.resolve("tree")), watch.log());
        assertTrue(watch.log().contains(" outage pair=web nobody holds 192.0.2.77/32"), "the pair is followed all the same: " + watch.log());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("marker")), "nothing applied");
    }
}
