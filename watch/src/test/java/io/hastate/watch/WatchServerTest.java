package io.hastate.watch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watch's HTTP server under clients that misbehave: Prometheus is answered whatever they do. */
@Timeout(60)
class WatchServerTest {
    /** A watch with fixed answers, whose events the test sends. */
    static final class FakeView implements WatchView {
        final List<Consumer<WatchEvent>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public String metrics() {
            return "hastate_host_up{host=\"n1\"} 1\n";
        }

        @Override
        public Map<String, Object> status() {
            return Map.of("hosts", List.of(Map.of("name", "n1", "up", false, "reason", "sudo: password is Hunter2secret")));
        }

        @Override
        public List<WatchEvent> events(Instant since) {
            return List.of();
        }

        @Override
        public java.util.Optional<String> diff(String host, String stateId) {
            return host.equals("n1") && stateId.equals("db conf") ? java.util.Optional.of("n1  db conf\n  password: Hunter2secret -> x\n") : java.util.Optional.empty();
        }

        @Override
        public Runnable subscribe(Consumer<WatchEvent> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }

    FakeView view = new FakeView();
    WatchServer server;
    String base;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new WatchServer(view, HttpAccess.open(new InetSocketAddress("127.0.0.1", 0)));
        server.start();
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : clients) s.close();
        server.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    Socket raw(String sent) throws IOException {
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        clients.add(s);
        OutputStream out = s.getOutputStream();
        out.write(sent.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    @Test
    void metricsAreAnsweredWhileManyStreamsAreOpenAndManyRequestsHalfSent() throws Exception {
        for (int i = 0; i < 40; i++) raw("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        for (int i = 0; i < 40; i++) raw("GET /metrics HTTP/1.1\r\nHost: 127.0");
        long start = System.nanoTime();
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals("hastate_host_up{host=\"n1\"} 1\n", metrics.body());
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "answered at once, not after the others time out");
    }

    @Test
    void streamsBeyondTheCapAreRefusedAndSlowReadersDropped() throws Exception {
        List<Socket> streams = new ArrayList<>();
        for (int i = 0; i < WatchServer.MAX_STREAMS; i++) streams.add(raw("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        for (Socket s : streams) readHead(s);
        assertEquals(WatchServer.MAX_STREAMS, server.openStreams());
        assertEquals(503, get("/api/stream").statusCode());
        for (Socket s : streams.subList(2, streams.size())) s.close();
        for (int i = 0; i < 100 && server.openStreams() > 2; i++) view.listeners.forEach(l -> l.accept(new WatchEvent(Instant.EPOCH, WatchEvent.Kind.values()[0], "web", null, "x")));
        assertEquals(2, server.openStreams(), "the streams whose clients went away are let go");
        // The two left never read: events pile up until each one's queue is full, and it is let go.
        String big = "x".repeat(64 * 1024);
        for (int i = 0; i < 10_000 && server.openStreams() > 0; i++) {
            for (Consumer<WatchEvent> l : view.listeners) l.accept(new WatchEvent(Instant.EPOCH, WatchEvent.Kind.values()[0], "web", null, big));
        }
        assertEquals(0, server.openStreams(), "every slow reader was dropped");
        assertEquals(200, get("/metrics").statusCode());
    }

    @Test
    void aStreamHearsEachEvent() throws Exception {
        Socket s = raw("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        readHead(s);
        view.listeners.forEach(l -> l.accept(new WatchEvent(Instant.EPOCH, WatchEvent.Kind.values()[0], "web", "n1", "hello")));
        String got = readUntil(s.getInputStream(), "hello");
        assertTrue(got.contains("data: {") && got.contains("\"pair\":\"web\""), got);
    }

    @Test
    void anotherHostHeaderIsRefusedOnLoopback() throws Exception {
        Socket s = raw("GET /metrics HTTP/1.1\r\nHost: rebound.example:" + server.address().getPort() + "\r\nConnection: close\r\n\r\n");
        assertTrue(readUntil(s.getInputStream(), "\r\n").startsWith("HTTP/1.1 421"));
        Socket ok = raw("GET /metrics HTTP/1.1\r\nHost: localhost:" + server.address().getPort() + "\r\nConnection: close\r\n\r\n");
        assertTrue(readUntil(ok.getInputStream(), "\r\n").startsWith("HTTP/1.1 200"));
    }

    @Test
    void aSinceOutOfRangeIsABadRequestAndAHostReasonIsMasked() throws Exception {
        assertEquals(400, get("/api/events?since=99999999999999999999").statusCode());
        assertEquals(400, get("/api/events?since=+1000000000-01-01T00:00:00Z").statusCode());
        assertEquals(200, get("/api/events?since=0").statusCode());
        io.hastate.core.secret.Redactor.OUTPUT.add("Hunter2secret");
        String status = get("/api/status").body();
        assertTrue(status.contains("password is ********") && !status.contains("Hunter2secret"), status);
    }

    @Test
    void aDriftedStatesDifferenceIsServedMaskedAndAnUnknownOneIsNotFound() throws Exception {
        io.hastate.core.secret.Redactor.OUTPUT.add("Hunter2secret");
        HttpResponse<String> diff = get("/api/diff?host=n1&state=db%20conf");
        assertEquals(200, diff.statusCode());
        assertEquals("n1  db conf\n  password: ******** -> x\n", diff.body());
        assertTrue(diff.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        HttpResponse<String> unknown = get("/api/diff?host=n1&state=%3Cscript%3E");
        assertEquals(404, unknown.statusCode());
        assertTrue(!unknown.body().contains("script"), "the request is not echoed back: " + unknown.body());
        assertEquals(400, get("/api/diff?host=n1").statusCode());
    }

    static void readHead(Socket s) throws IOException {
        readUntil(s.getInputStream(), "\r\n\r\n");
    }

    static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder got = new StringBuilder();
        while (!got.toString().contains(end)) {
            int b = in.read();
            if (b < 0) break;
            got.append((char) b);
        }
        return got.toString();
    }
}
