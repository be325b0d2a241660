package io.hastate.cli;

import io.hastate.api.Project;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.watch.Alerts;
import io.hastate.watch.History;
import io.hastate.watch.HttpAccess;
import io.hastate.watch.WatchEvent;
import io.hastate.watch.Watcher;
import io.hastate.watch.WatchServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow the pairs live: a VIP lost, nobody or both holding it, keepalived's state, hosts down, drift at each check; "
                + "one line per event on stderr, Prometheus metrics and JSON over HTTP. Changes nothing unless --heal. Runs until stopped (SIGTERM, Ctrl-C).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class WatchCommand implements Callable<Integer> {
    private static final Location CLI = Location.COMMAND_LINE;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(paramLabel = "STATE", arity = "0..*", description = "State names checked at each interval (like ha); default: the top file.")
    List<String> states = List.of();

    @Option(names = "--states", paramLabel = "DIR", description = "State tree checked at each interval (default: the inventory's 'states', else ./states; none: pairs only).")
    Path statesDir;

    @Mixin
    ListenOptions listen;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s", description = "Time between full checks, like 30s or 5m (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--for", paramLabel = "DURATION", description = "Stop by itself after this long (default: run until stopped).")
    String stopAfter;

    @picocli.CommandLine.Mixin
    HistoryOptions history;

    @Option(names = "--alert-command", paramLabel = "CMD", description = "Run (with sh, here) once per new problem and once per recovery, the event as JSON on stdin.")
    String alertCommand;

    @Option(names = "--heal", description = "Repair the drift a check finds: only the drifted states (and what they set off), through the pair rollout; "
            + "never during a split brain, the holder only while its peer is a ready standby.")
    boolean heal;

    @Option(names = "--heal-every", paramLabel = "DURATION", defaultValue = "10m", description = "At most one heal per pair (or lone host) per this time (default: ${DEFAULT-VALUE}).")
    String healEvery;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Duration healGap = Durations.parse(healEvery, "--heal-every");
        Duration every = Durations.parse(interval, "--interval");
        Duration lifetime = stopAfter == null ? null : Durations.parse(stopAfter, "--for");
        HttpAccess access = listen.access();
        Project project = common.project(statesDir);
        List<String> hosts = common.hosts(project);
        PrintWriter err = spec.commandLine().getErr();
        java.util.function.Consumer<String> say = line -> {
            synchronized (err) {
                err.println("hastate watch: " + line);
                err.flush();
            }
        };
        History store = history.open();
        List<java.util.function.Consumer<WatchEvent>> listeners = new java.util.ArrayList<>();
        listeners.add(e -> say.accept(e.line()));
        listeners.add(store);
        Alerts alerts = alertCommand == null ? null : new Alerts(alertCommand, say);
        if (alerts != null) listeners.add(alerts);
        Watcher watcher;
        try {
            watcher = new Watcher(project, hosts, states, common.connector(project.inventory(), Watcher.COMMAND_TIMEOUT, err), every,
                    Clock.systemUTC(), listeners, heal ? healGap : null);
        } catch (RuntimeException e) {
            // Bad states: nothing started, nothing left open.
            if (alerts != null) alerts.close();
            store.close();
            throw e;
        }
        WatchServer server;
        try {
            server = new WatchServer(watcher, access, store);
            server.start();
        } catch (IOException e) {
            watcher.close();
            if (alerts != null) alerts.close();
            store.close();
            if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException) throw new InvalidInputException(CLI, "--listen", "cannot listen on " + listen.listen + ": " + e.getMessage());
            throw e;
        }
        closeLeftOpen(store, watcher, say);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread onStop = new Thread(() -> {
            server.close();
            watcher.close();
            if (alerts != null) alerts.close();
            closeOnStop(store, watcher, say);
            store.close();
            stopped.countDown();
        }, "hastate-watch-stop");
        Runtime.getRuntime().addShutdownHook(onStop);
        watcher.start();
        if (!watcher.checksStates()) {
            err.println("hastate watch: no states are checked (" + (project.hasStates() ? "no " + io.hastate.core.load.StateTree.TOP_FILE + " in " + project.statesDir()
                    : "no state tree at " + project.statesDir()) + "; name states to check them): following the pairs and the doctor's risks only");
        }
        err.println("hastate watch: following " + hosts.size() + " host(s); " + (access.tls() != null ? "https" : "http") + "://" + server.address().getHostString() + ":"
                + server.address().getPort() + "/metrics");
        err.flush();
        try {
            boolean ended = lifetime == null ? awaitForever(stopped) : stopped.await(lifetime.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) stopNow(onStop);
        } catch (InterruptedException e) {
            // An embedder ends a watch by interrupting its thread: everything it opened is closed all the same.
            stopNow(onStop);
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Episodes a watch of these pairs left open when it ended without closing them (killed, crashed). */
    private static void closeLeftOpen(History store, Watcher watcher, java.util.function.Consumer<String> say) {
        try {
            int closed = store.closeLeftOpen(watcher.followedPairs(), watcher.followedHosts());
            if (closed > 0) say.accept(closed + " episode(s) a previous watch left open are closed, their end unknown (it ended without closing them)");
        } catch (java.sql.SQLException e) {
            say.accept("history: cannot close the episodes a previous watch left open: " + e.getMessage());
        }
    }

    /** Nobody looks any more: what is going on ends here, said so. */
    private static void closeOnStop(History store, Watcher watcher, java.util.function.Consumer<String> say) {
        try {
            int closed = store.watchStopped(watcher.followedPairs(), watcher.followedHosts(), java.time.Instant.now());
            if (closed > 0) say.accept(closed + " episode(s) still going on are closed in the history as the watch stops");
        } catch (java.sql.SQLException e) {
            say.accept("history: cannot close the open episodes: " + e.getMessage());
        }
    }

    private static boolean awaitForever(CountDownLatch stopped) throws InterruptedException {
        stopped.await();
        return true;
    }

    private static void stopNow(Thread onStop) {
        try {
            Runtime.getRuntime().removeShutdownHook(onStop);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook runs by itself
        }
        onStop.run();
    }
}
