package io.hastate.watch;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code --alert-command}: run once per new problem and once per its recovery, here on the watching
 * machine, with the event as JSON on stdin. The watch reports edges only (an outage starts, it ends),
 * so a problem that lasts is one alert; the commands run one at a time, off the watch's own threads.
 */
public final class Alerts implements Consumer<WatchEvent>, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String command;
    private final Consumer<String> complaints;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hastate-watch-alert");
        t.setDaemon(true);
        return t;
    });

    /** {@code complaints}: where a failing alert command is reported. */
    public Alerts(String command, Consumer<String> complaints) {
        this.command = command;
        this.complaints = complaints;
    }

    @Override
    public void accept(WatchEvent e) {
        if (!e.kind().problem && !e.kind().recovery) return;
        runner.execute(() -> run(e));
    }

    private void run(WatchEvent e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", e.at().toString());
        doc.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        doc.put("problem", e.kind().problem);
        doc.put("pair", e.pair());
        doc.put("host", e.host());
        doc.put("detail", e.detail());
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(doc));
                in.write('\n');
            } catch (IOException notRead) {
                // A command may end without reading the event; its exit status says how it went.
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                complaints.accept("alert command ran over 60 s and was stopped");
            } else if (p.exitValue() != 0) {
                complaints.accept("alert command exited " + p.exitValue() + " for " + e.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
        } catch (IOException ex) {
            complaints.accept("alert command could not run: " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        runner.shutdown();
        try {
            runner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
