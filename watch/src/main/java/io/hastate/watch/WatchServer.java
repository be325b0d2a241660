package io.hastate.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;

/**
 * The watch over HTTP: {@code /metrics} for Prometheus, {@code /api/status} (pairs and hosts now) and
 * {@code /api/events?since=} (ISO time or epoch milliseconds) as JSON. JDK's own HTTP server: nothing
 * to add for three read-only endpoints.
 */
public final class WatchServer implements AutoCloseable {
    private final HttpServer server;
    private final Watcher watcher;
    private final ObjectMapper json = new ObjectMapper();

    public WatchServer(Watcher watcher, InetSocketAddress listen) throws IOException {
        this.watcher = watcher;
        this.server = HttpServer.create(listen, 16);
        // Each open event stream holds a thread: a few pages at once, plus the plain requests.
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "hastate-watch-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", watcher.metrics()));
        server.createContext("/api/status", ex -> send(ex, 200, "application/json", json.writeValueAsString(watcher.status())));
        server.createContext("/api/events", this::events);
        server.createContext("/api/stream", this::stream);
        server.createContext("/", ex -> {
            if (!ex.getRequestURI().getPath().equals("/")) {
                send(ex, 404, "text/plain; charset=utf-8", "not found: try /, /metrics, /api/status, /api/events or /api/stream\n");
            } else {
                send(ex, 200, "text/html; charset=utf-8", PAGE);
            }
        });
    }

    /** The status page: self-contained, nothing fetched from elsewhere. */
    private static final String PAGE = page();

    private static String page() {
        try (var in = WatchServer.class.getResourceAsStream("status.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the status page is missing from the jar", e);
        }
    }

    /** Server-sent events: each watch event as it happens, until the client goes away. */
    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        java.util.concurrent.BlockingQueue<WatchEvent> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        Runnable unsubscribe = watcher.subscribe(queue::add);
        try {
            out.write(": hastate watch\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                WatchEvent e = queue.poll(15, java.util.concurrent.TimeUnit.SECONDS);
                // A comment line now and then finds a client that went away.
                String chunk = e == null ? ": keep-alive\n\n" : "data: " + json.writeValueAsString(event(e)) + "\n\n";
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // The client left, or the server stops.
        } finally {
            unsubscribe.run();
            ex.close();
        }
    }

    public void start() {
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void events(HttpExchange ex) throws IOException {
        Instant since = Instant.EPOCH;
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String kv : query.split("&")) {
                if (!kv.startsWith("since=")) continue;
                String v = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
                try {
                    since = v.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v);
                } catch (DateTimeParseException e) {
                    send(ex, 400, "text/plain; charset=utf-8", "since: an ISO time (2026-12-01T06:00:00Z) or epoch milliseconds\n");
                    return;
                }
            }
        }
        send(ex, 200, "application/json", json.writeValueAsString(watcher.events(since).stream().map(WatchServer::event).toList()));
    }

    private static java.util.Map<String, Object> event(WatchEvent e) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("pair", e.pair());
        m.put("host", e.host());
        m.put("detail", e.detail());
        m.put("problem", e.kind().problem);
        return m;
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
