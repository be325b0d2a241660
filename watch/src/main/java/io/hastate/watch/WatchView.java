package io.hastate.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What the watch's HTTP server shows: the metrics, the live status, the recent events and each new one. */
public interface WatchView {
    String metrics();

    Map<String, Object> status();

    List<WatchEvent> events(Instant since);

    /** One state's difference on one host at the last check, as plain text; empty when it does not differ. */
    default java.util.Optional<String> diff(String host, String stateId) {
        return java.util.Optional.empty();
    }

    /** Hears of every event from now on, until the returned handle is run. */
    Runnable subscribe(Consumer<WatchEvent> listener);
}
