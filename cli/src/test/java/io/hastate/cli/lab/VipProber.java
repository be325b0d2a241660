package io.hastate.cli.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client on the lab LAN asking for the VIP every 100 ms (ICMP echo with a 100 ms deadline), for a
 * fixed time: what a user of the service would see. Lost answers times 100 ms is the outage.
 *
 * <p>A probe is lost when no answer to it ever came back, or came back after more than
 * {@link #LATE_MS}: ping says "no answer yet" for a probe whose answer the loaded machine only
 * delivers after the next probe left, and counting that as lost would report outages the VIP never had.
 */
final class VipProber {
    private final Process ping;
    /**
     * What a planned move (handover, drain, a rollout that restarts keepalived) may lose to the machine's
     * load: the new holder's gratuitous ARP and first advert leave together, the old holder drops the VIP
     * on the advert, and a client starved of CPU (three labs share two cores in CI) can still send one probe
     * to the old holder's MAC. On a quiet lab it is 0 (the README's numbers); a move that goes through a
     * failover instead loses three adverts' worth, about 30 probes, so this cannot hide one.
     */
    static final int PLANNED_MOVE_RACE = 1;
    /** An answer later than this is a probe the user would have given up on. */
    static final long LATE_MS = 1000;
    private static final Pattern SEQUENCE = Pattern.compile("icmp_seq=(\\d+)");
    private static final Pattern ROUND_TRIP = Pattern.compile("time=([0-9.]+) ms");
    private final Set<Integer> answered = ConcurrentHashMap.newKeySet();
    private final Set<Integer> unanswered = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstProbe = new CountDownLatch(1);
    private final CompletableFuture<Void> read = new CompletableFuture<>();
    private final int seconds;

    private VipProber(String vip, int seconds) throws Exception {
        this.seconds = seconds;
        ping = new ProcessBuilder(List.of("ping", "-n", "-O", "-i", "0.1", "-W", "0.1", "-w", String.valueOf(seconds), vip))
                .redirectErrorStream(true).start();
        ping.getOutputStream().close();
        // A thread of its own: a blocking read must not take a shared pool's few threads.
        Thread reader = new Thread(() -> {
            count();
            read.complete(null);
        }, "prober " + vip);
        reader.setDaemon(true);
        reader.start();
    }

    private void count() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(ping.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                Matcher sequence = SEQUENCE.matcher(line);
                if (!sequence.find()) continue;
                int probe = Integer.parseInt(sequence.group(1));
                if (line.contains("bytes from") && inTime(line)) answered.add(probe);
                else unanswered.add(probe);
                firstProbe.countDown();
            }
        } catch (java.io.IOException ended) {
            // the process is gone: what was read is the count
        } finally {
            firstProbe.countDown();
        }
    }

    private static boolean inTime(String answer) {
        Matcher roundTrip = ROUND_TRIP.matcher(answer);
        return !roundTrip.find() || Double.parseDouble(roundTrip.group(1)) <= LATE_MS;
    }

    /** {answered, lost}: each probe counted once, a duplicate answer (two holders) as one. */
    private int[] counts() {
        Set<Integer> lost = new HashSet<>(unanswered);
        lost.removeAll(answered);
        return new int[] {answered.size(), lost.size()};
    }

    /** Starts probing; returns once the first probe has its outcome, so what follows is measured. */
    static VipProber start(String vip, int seconds) throws Exception {
        VipProber p = new VipProber(vip, seconds);
        if (!p.firstProbe.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("the prober of " + vip + " did not start");
        return p;
    }

    /** Probing for as long as the caller needs (ten minutes at most), ended by {@link #stopAfter}. */
    static VipProber open(String vip) throws Exception {
        return start(vip, 600);
    }

    /**
     * Probes {@code settleSeconds} more, so that what follows the measured action is seen too (a late
     * failover takes three adverts), then ends; returns {answered, lost}.
     */
    int[] stopAfter(int settleSeconds) throws Exception {
        Thread.sleep(settleSeconds * 1000L);
        ping.destroy();
        if (!ping.waitFor(10, TimeUnit.SECONDS)) ping.destroyForcibly();
        read.get(10, TimeUnit.SECONDS);
        return counts();
    }

    /** Waits for the end; returns {answered, lost}. */
    int[] finish() throws Exception {
        if (!ping.waitFor(seconds + 20L, TimeUnit.SECONDS)) {
            ping.destroyForcibly();
            throw new IllegalStateException("the prober did not end after " + seconds + " s");
        }
        read.get(10, TimeUnit.SECONDS);
        return counts();
    }
}
