package io.hastate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hastate watch} running in this JVM on a thread of its own, as an embedder runs it: its stderr
 * is its event log, and it ends by itself ({@code --for}) or when its thread is interrupted.
 */
public final class RunningWatch {
    private static final Pattern LISTENING = Pattern.compile("(https?://127\\.0\\.0\\.1:\\d+)/metrics");

    private final Thread thread;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final StringWriter log = new StringWriter();
    private final String base;

    private RunningWatch(String... args) throws InterruptedException {
        thread = new Thread(() -> {
            try {
                exit.complete(Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(log, true)));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        }, "hastate-watch-under-test");
        thread.setDaemon(true);
        thread.start();
        String found = null;
        for (int i = 0; i < 400 && found == null && !exit.isDone(); i++) {
            Matcher m = LISTENING.matcher(log.toString());
            if (m.find()) found = m.group(1);
            else Thread.sleep(50);
        }
        if (found == null) throw new AssertionError("the watch did not say where it listens: " + log);
        base = found;
    }

    /** Starts a watch with {@code args} (a {@code --listen} on 127.0.0.1 among them); returns once it listens. */
    public static RunningWatch start(String... args) throws InterruptedException {
        return new RunningWatch(args);
    }

    /** Where it listens, such as {@code http://127.0.0.1:40123}. */
    public String base() {
        return base;
    }

    public String log() {
        return log.toString();
    }

    /** Waits for it to end by itself; returns its exit code. */
    public int awaitEnd(int seconds) throws Exception {
        return exit.get(seconds, TimeUnit.SECONDS);
    }

    /** Ends it now, as an embedder does (interrupting its thread); returns its exit code. */
    public int stop() throws Exception {
        thread.interrupt();
        return exit.get(30, TimeUnit.SECONDS);
    }
}
