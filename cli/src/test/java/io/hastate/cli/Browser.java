package io.hastate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven over its DevTools protocol: opens a page and reads what a user
 * would see on it, as many times as asked, while the page keeps running (and updating itself).
 */
public final class Browser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process chromium;
    private final WebSocket page;
    private final Map<Integer, CompletableFuture<JsonNode>> replies;
    private final AtomicInteger ids = new AtomicInteger();

    private Browser(Process chromium, WebSocket page, Map<Integer, CompletableFuture<JsonNode>> replies) {
        this.chromium = chromium;
        this.page = page;
        this.replies = replies;
    }

    public static Browser open(String url, Path profile) throws Exception {
        Process p = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, url).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        for (int i = 0; i < 300 && !(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2); i++) Thread.sleep(50);
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        String wsUrl = null;
        for (int i = 0; i < 100 && wsUrl == null; i++) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if (t.get("type").asText().equals("page") && t.get("url").asText().startsWith(url)) wsUrl = t.get("webSocketDebuggerUrl").asText();
            }
            if (wsUrl == null) Thread.sleep(100);
        }
        if (wsUrl == null) throw new IllegalStateException("chromium opened no page for " + url);
        Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), listener(replies)).get(10, TimeUnit.SECONDS);
        return new Browser(p, ws, replies);
    }

    /** Completes each command's reply by its id; the protocol's events are not needed here. */
    private static WebSocket.Listener listener(Map<Integer, CompletableFuture<JsonNode>> replies) {
        StringBuilder partial = new StringBuilder();
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode msg = JSON.readTree(partial.toString());
                        CompletableFuture<JsonNode> f = msg.has("id") ? replies.remove(msg.get("id").asInt()) : null;
                        if (f != null) f.complete(msg);
                    } catch (java.io.IOException e) {
                        // Not JSON: nothing waits for it.
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }

    /** The page's visible text now. */
    public String text() throws Exception {
        return evaluate("document.body.innerText").asText();
    }

    /** The value of a JavaScript expression evaluated in the page. */
    public JsonNode evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        page.sendText(JSON.writeValueAsString(Map.of("id", id, "method", "Runtime.evaluate",
                "params", Map.of("expression", expression, "returnByValue", true))), true).get(5, TimeUnit.SECONDS);
        return reply.get(10, TimeUnit.SECONDS).path("result").path("result").path("value");
    }

    /** The page as a PNG picture, for a test's output. */
    public void screenshot(Path png) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        page.sendText(JSON.writeValueAsString(Map.of("id", id, "method", "Page.captureScreenshot", "params", Map.of("format", "png"))), true)
                .get(5, TimeUnit.SECONDS);
        Files.write(png, java.util.Base64.getDecoder().decode(reply.get(20, TimeUnit.SECONDS).path("result").path("data").asText()));
    }

    /** Waits up to {@code seconds} for the page to show {@code wanted}; returns the text it showed last. */
    public String await(String wanted, int seconds) throws Exception {
        String last = "";
        for (int i = 0; i < seconds * 10; i++) {
            last = text();
            if (last.contains(wanted)) return last;
            Thread.sleep(100);
        }
        throw new AssertionError("the page never showed '" + wanted + "'; it shows:\n" + last);
    }

    @Override
    public void close() {
        if (page != null) page.abort();
        // Chromium's helpers (renderer, crashpad) write to the profile too: all of them end before the
        // test's temporary folder is removed, or its deletion races their last writes.
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>(chromium.descendants().toList());
        all.add(chromium.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
