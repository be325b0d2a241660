package io.hastate.cli.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client on the lab LAN asking for the VIP every 100 ms (ICMP echo with a 100 ms deadline), for a
 * fixed time: what a user of the service would see. Lost answers times 100 ms is the outage.
 */
final class VipProber {
    private final Process ping;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
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
                if (line.contains("bytes from")) answered.incrementAndGet();
                else if (line.startsWith("no answer yet")) lost.incrementAndGet();
                else continue;
                firstProbe.countDown();
            }
        } catch (java.io.IOException ended) {
            // the process is gone: what was read is the count
        } finally {
            firstProbe.countDown();
        }
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
        return new int[] {answered.get(), lost.get()};
    }

    /** Waits for the end; returns {answered, lost}. */
    int[] finish() throws Exception {
        if (!ping.waitFor(seconds + 20L, TimeUnit.SECONDS)) {
            ping.destroyForcibly();
            throw new IllegalStateException("the prober did not end after " + seconds + " s");
        }
        read.get(10, TimeUnit.SECONDS);
        return new int[] {answered.get(), lost.get()};
    }
}
