package io.hastate.cli.lab;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A client on the lab LAN asking for the VIP every 100 ms (ICMP echo with a 100 ms deadline), for a
 * fixed time: what a user of the service would see. Lost answers times 100 ms is the outage.
 */
final class VipProber {
    private final CompletableFuture<Lab.Result> running;

    private VipProber(String vip, int seconds) {
        running = CompletableFuture.supplyAsync(() -> {
            try {
                return Lab.run(List.of("ping", "-n", "-O", "-i", "0.1", "-W", "0.1", "-w", String.valueOf(seconds), vip), seconds + 20);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static VipProber start(String vip, int seconds) throws InterruptedException {
        VipProber p = new VipProber(vip, seconds);
        Thread.sleep(1000);
        return p;
    }

    /** Waits for the end; returns {answered, lost}. */
    int[] finish() throws Exception {
        String out = running.get().out();
        int answered = (int) out.lines().filter(l -> l.contains("bytes from")).count();
        int lost = (int) out.lines().filter(l -> l.startsWith("no answer yet")).count();
        return new int[] {answered, lost};
    }
}
