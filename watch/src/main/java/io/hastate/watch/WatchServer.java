package io.hastate.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.secret.Redactor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The watch over HTTP: {@code /metrics} for Prometheus, {@code /api/status} (pairs and hosts now),
 * {@code /api/events?since=} (ISO time or epoch milliseconds) and {@code /api/history} (the last day's
 * episodes from the history database) as JSON, {@code /api/stream} (server-sent events) and the status page. Requests are read by Jetty without a thread each, idle connections are
 * closed, event streams are written without blocking and capped in number: Prometheus is answered
 * however many clients misbehave.
 */
public final class WatchServer implements AutoCloseable {
    /** Event streams open at once (status pages); one more gets 503. */
    static final int MAX_STREAMS = 64;
    /** A connection that sends or takes nothing for this long (a half-sent request) is closed. */
    static final long IDLE_MILLIS = 10_000;
    /** Each stream hears at least this often, so a client that went away is found. */
    static final long KEEP_ALIVE_MILLIS = 5_000;

    private static final String PAGE = page();

    private final WatchView watcher;
    /** The watch's history database, for the page's past episodes; null when the server has none. */
    private final History history;
    private final HttpAccess access;
    private final Server server;
    private final ServerConnector connector;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hastate-watch-keepalive");
        t.setDaemon(true);
        return t;
    });

    public WatchServer(WatchView watcher, HttpAccess access) {
        this(watcher, access, null);
    }

    /** {@code history}: the episodes {@code /api/history} serves (the status page's past); null for none. */
    public WatchServer(WatchView watcher, HttpAccess access, History history) {
        this.watcher = watcher;
        this.history = history;
        this.access = access;
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setName("hastate-watch-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(8 * 1024);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        if (access.tls() != null) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // The certificate names the operator's host; clients may reach it by address.
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setSslContext(access.tls());
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"), plain);
        } else {
            connector = new ServerConnector(server, 1, 1, plain);
        }
        connector.setHost(access.listen().getHostString());
        connector.setPort(access.listen().getPort());
        connector.setIdleTimeout(IDLE_MILLIS);
        server.addConnector(connector);
        server.setHandler(new Routes());
    }

    /** Starts listening; a port in use is an {@link IOException}. */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
        keepAlive.scheduleAtFixedRate(() -> streams.forEach(s -> s.send(": keep-alive\n\n")), KEEP_ALIVE_MILLIS, KEEP_ALIVE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(access.listen().getAddress(), connector.getLocalPort());
    }

    /** Event streams open now. */
    int openStreams() {
        return streams.size();
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!access.hostAllowed(request.getHttpURI().getHost(), request.getHttpURI().getPort(), connector.getLocalPort())) {
                send(response, callback, 421, "text/plain; charset=utf-8", "this server answers to its loopback address only\n");
                return true;
            }
            if (!access.authorized(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, access.challenge());
                send(response, callback, 401, "text/plain; charset=utf-8", "credentials needed\n");
                return true;
            }
            if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                send(response, callback, 405, "text/plain; charset=utf-8", "read-only: GET only\n");
                return true;
            }
            String path = request.getHttpURI().getPath();
            switch (path == null ? "" : path) {
                case "/metrics" -> send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", watcher.metrics());
                case "/api/status" -> send(response, callback, 200, "application/json", masked(json.writeValueAsString(watcher.status())));
                case "/api/events" -> events(request, response, callback);
                case "/api/history" -> history(response, callback);
                case "/api/diff" -> diff(request, response, callback);
                case "/api/stream" -> stream(response, callback);
                case "/" -> send(response, callback, 200, "text/html; charset=utf-8", PAGE);
                default -> send(response, callback, 404, "text/plain; charset=utf-8", "not found: try /, /metrics, /api/status, /api/events, /api/history, /api/diff or /api/stream\n");
            }
            return true;
        }
    }

    private void events(Request request, Response response, Callback callback) throws IOException {
        Instant since = Instant.EPOCH;
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String v = query.getValue("since");
        if (v != null) {
            try {
                since = v.matches("\\d{1,18}") ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v);
            } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
                send(response, callback, 400, "text/plain; charset=utf-8", "since: an ISO time (2026-12-01T06:00:00Z) or epoch milliseconds\n");
                return;
            }
        }
        send(response, callback, 200, "application/json", json.writeValueAsString(watcher.events(since).stream().map(WatchServer::event).toList()));
    }

    /** One drifted state's difference: {@code ?host=H&state=ID}, as the text report shows it. */
    private void diff(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String host = query.getValue("host"), state = query.getValue("state");
        if (host == null || state == null) {
            send(response, callback, 400, "text/plain; charset=utf-8", "host and state: /api/diff?host=HOST&state=STATE_ID\n");
            return;
        }
        java.util.Optional<String> text = watcher.diff(host, state);
        if (text.isEmpty()) {
            send(response, callback, 404, "text/plain; charset=utf-8", "no difference known for that state on that host at the last check\n");
            return;
        }
        send(response, callback, 200, "text/plain; charset=utf-8", masked(text.get()));
    }

    /** The last day's episodes from the history database, newest first; none without one. */
    private void history(Response response, Callback callback) throws IOException {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        if (history != null) {
            try {
                List<History.Episode> episodes = history.episodes(Instant.now().minus(java.time.Duration.ofDays(1)), null);
                for (int i = episodes.size() - 1; i >= 0 && out.size() < HISTORY_SHOWN; i--) out.add(episodes.get(i).json());
            } catch (java.sql.SQLException e) {
                send(response, callback, 503, "text/plain; charset=utf-8", "the history cannot be read: " + e.getMessage() + "\n");
                return;
            }
        }
        send(response, callback, 200, "application/json", masked(json.writeValueAsString(out)));
    }

    /** How many past episodes the page gets at most. */
    static final int HISTORY_SHOWN = 200;

    /** Server-sent events: each watch event as it happens, until the client goes away or falls behind. */
    private void stream(Response response, Callback callback) {
        if (streams.size() >= MAX_STREAMS) {
            send(response, callback, 503, "text/plain; charset=utf-8", "too many event streams open (" + MAX_STREAMS + ")\n");
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        // The stream may end (a failed write) before subscribe returns: whichever comes last unsubscribes.
        AtomicReference<Runnable> unsubscribe = new AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        EventStream[] self = new EventStream[1];
        EventStream stream = new EventStream(response, callback, () -> {
            ended.set(true);
            streams.remove(self[0]);
            Runnable stop = unsubscribe.get();
            if (stop != null) stop.run();
        });
        self[0] = stream;
        streams.add(stream);
        Runnable stop = watcher.subscribe(e -> {
            try {
                stream.send("data: " + json.writeValueAsString(event(e)) + "\n\n");
            } catch (IOException unwritable) {
                stream.end(unwritable);
            }
        });
        unsubscribe.set(stop);
        if (ended.get()) {
            stop.run();
            return;
        }
        stream.send(": hastate watch\n\n");
    }

    private static Map<String, Object> event(WatchEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        m.put("pair", e.pair());
        m.put("host", e.host());
        m.put("detail", e.detail());
        m.put("problem", e.kind().problem);
        return m;
    }

    /** What a host said (a reason it is down) goes out with known secrets masked, as everywhere. */
    private static String masked(String text) {
        return Redactor.OUTPUT.redact(text);
    }

    private static void send(Response response, Callback callback, int code, String type, String body) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }

    private static String page() {
        try (var in = WatchServer.class.getResourceAsStream("status.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the status page is missing from the jar", e);
        }
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
        streams.forEach(s -> s.end(new IllegalStateException("the watch stops")));
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping: nothing more to do with a server that would not stop cleanly.
        }
    }
}
