package io.hastate.watch;

import io.hastate.ha.facts.KeepalivedProcess;
import io.hastate.core.facts.NetAddresses;

import java.time.Instant;
import java.util.List;

/**
 * What the watch knows of one pair member, taken in in the order things happened on it: each address
 * line at its kernel date, each look at the host's time when it ran. A node's news never goes back in
 * time (host stamps of two commands can come out of order); each step is handed to {@code judge}.
 */
final class NodeNews {
    /** What the watch last knew of a node: its global addresses and keepalived's process. */
    record Seen(List<NetAddresses.NetAddress> addresses, KeepalivedProcess keepalived) {}

    interface Judge {
        void judge(Seen seen, Instant at);
    }

    private final Judge judge;
    private Seen seen;
    private Instant last;

    NodeNews(Seen first, Instant at, Judge judge) {
        this.judge = judge;
        this.seen = first;
        this.last = at;
        judge.judge(first, at);
    }

    /** Each global address that came or went, at its own date. */
    void lines(List<MonitorBursts.Line> addressChanges) {
        for (MonitorBursts.Line line : addressChanges) {
            if (!line.change().address().global()) continue;
            List<NetAddresses.NetAddress> after = line.change().applyTo(seen.addresses());
            if (after == seen.addresses()) continue;
            seen = new Seen(after, seen.keepalived());
            judge.judge(seen, advance(line.at()));
        }
    }

    /** A look at the node, which ran on it at {@code at}. */
    void looked(Seen fresh, Instant at) {
        seen = fresh;
        judge.judge(fresh, advance(at));
    }

    private Instant advance(Instant at) {
        if (at.isAfter(last)) last = at;
        return last;
    }
}
