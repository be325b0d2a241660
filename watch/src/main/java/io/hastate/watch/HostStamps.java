package io.hastate.watch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates a monitor's line by the host's own stamp on it, on the controller's clock. A line can reach the
 * controller hundreds of milliseconds after the host printed it (a loaded controller, a busy link); the
 * host's stamp says when it happened. Host and controller clocks differ, so the stamp is moved by the
 * smallest delay seen so far (the line that travelled fastest shows the offset best): a date is never
 * later than the line's arrival, and the difference of two lines of one host is the host's own.
 */
final class HostStamps {
    /** {@code ip -ts} with TZ=UTC: "[2026-12-05T05:45:51.036607] ...". */
    private static final Pattern IP_STAMP = Pattern.compile("^\\[(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)] ");
    /** {@code journalctl -o short-unix}: "1733374800.123456 host ident[pid]: ...". */
    private static final Pattern UNIX_STAMP = Pattern.compile("^(\\d{9,11})\\.(\\d{1,9}) ");
    /**
     * A line later than this after its stamp says the host's clock stepped (or the estimate is stale):
     * the estimate starts again from that line rather than dating events seconds off.
     */
    static final Duration IMPLAUSIBLE_DELAY = Duration.ofSeconds(2);

    private Duration offset;

    /** When {@code line}, which arrived at {@code arrival}, happened; its arrival when it carries no stamp. */
    Instant date(String line, Instant arrival) {
        Instant stamped = stampOf(line);
        return stamped == null ? arrival : dateStamp(stamped, arrival);
    }

    /** A time the host read from its own clock (a look's), which reached the controller at {@code arrival}, on the controller's clock. */
    synchronized Instant dateStamp(Instant stamped, Instant arrival) {
        Duration delay = Duration.between(stamped, arrival);
        if (offset == null || delay.compareTo(offset) < 0 || delay.minus(offset).compareTo(IMPLAUSIBLE_DELAY) > 0) {
            offset = delay;
        }
        return stamped.plus(offset);
    }

    /** The host's stamp at the start of a monitor line, as a UTC instant; null when there is none. */
    static Instant stampOf(String line) {
        if (line == null) return null;
        Matcher ip = IP_STAMP.matcher(line);
        if (ip.find()) {
            try {
                return LocalDateTime.parse(ip.group(1)).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher unix = UNIX_STAMP.matcher(line);
        if (unix.find()) {
            String fraction = (unix.group(2) + "000000000").substring(0, 9);
            return Instant.ofEpochSecond(Long.parseLong(unix.group(1)), Long.parseLong(fraction));
        }
        return null;
    }
}
