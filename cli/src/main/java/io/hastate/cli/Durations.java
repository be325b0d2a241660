package io.hastate.cli;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.time.Duration;

/** Durations as operators write them: 500ms, 30s, 5m, 1h, 2d, or plain seconds. */
final class Durations {
    private Durations() {}

    static Duration parse(String text, String option) {
        var m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?").matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new InvalidInputException(Location.COMMAND_LINE, option, "must be a duration like 30s, 5m or 1h, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
