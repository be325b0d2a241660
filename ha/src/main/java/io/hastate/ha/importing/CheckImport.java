package io.hastate.ha.importing;

import io.hastate.ha.model.HealthCheck;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.text.Printable;
import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.keepalived.FoundScript;
import io.hastate.ha.template.PairContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A found instance's tracked scripts as the pair's health checks, with keepalived's own defaults
 * written out (interval 1, fall 1, rise 1, weight 0: hastate's defaults differ), and what cannot be
 * carried, by name.
 */
final class CheckImport {
    /** {@code checks}: what the inventory can say; {@code lost}: what apply would drop; {@code changed}: what it would change. */
    record Outcome(List<HealthCheck> checks, List<String> lost, List<String> changed) {}

    private static final Set<String> CARRIED = Set.of("script", "interval", "timeout", "weight", "fall", "rise", "user");
    private static final Pattern PGREP = Pattern.compile("/usr/bin/pgrep -x (\\S{1,15})");
    private static final Pattern TRACK_LINE = Pattern.compile("(\\S+)(?:\\s+weight\\s+(-?\\d+))?");

    private CheckImport() {}

    static Outcome of(FoundInstance instance, List<FoundScript> scripts) {
        List<HealthCheck> checks = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String line : instance.trackScripts()) {
            Matcher m = TRACK_LINE.matcher(line.strip());
            String name = line.strip().split("\\s+")[0];
            String shown = "vrrp_script " + Printable.asciiLine(name);
            if (!m.matches()) {
                lost.add("track_script line '" + Printable.asciiLine(line) + "' is not one hastate writes (a name, optionally weight N)");
                continue;
            }
            FoundScript script = scripts.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (script == null) {
                lost.add(shown + " is tracked but not defined");
                continue;
            }
            List<String> unknown = script.keywords().keySet().stream().filter(k -> !CARRIED.contains(k)).sorted().toList();
            if (!unknown.isEmpty()) {
                lost.add(shown + " has " + Printable.asciiLine(String.join(", ", unknown)) + ", which the HA tree does not write");
                continue;
            }
            try {
                checks.add(check(script, m.group(2)));
            } catch (InvalidInputException | NumberFormatException e) {
                lost.add(shown + " cannot be a health check: " + Printable.asciiLine(e instanceof InvalidInputException i ? i.problem() : "a value is not a whole number"));
                continue;
            }
            String user = script.keyword("user");
            if (user != null && !user.split("\\s+")[0].equals(PairContext.SCRIPT_USER)) {
                changed.add(shown + " runs as " + PairContext.SCRIPT_USER + ", not " + Printable.asciiLine(user));
            }
        }
        return new Outcome(checks, lost, changed);
    }

    /** The check a vrrp_script stands for; {@code trackWeight}: the instance's own weight for it, which wins. */
    private static HealthCheck check(FoundScript s, String trackWeight) {
        String text = s.script();
        if (text == null) throw new InvalidInputException(Location.NONE, s.name(), "it has no script");
        Matcher pgrep = PGREP.matcher(text.strip());
        String command = pgrep.matches() ? null : text.strip();
        String process = pgrep.matches() ? pgrep.group(1) : null;
        String ownWeight = s.keyword("weight");
        if (ownWeight != null && ownWeight.strip().split("\\s+").length > 1) {
            throw new InvalidInputException(Location.NONE, s.name(), "its weight says more than a number (reverse), which hastate does not write");
        }
        int weight = trackWeight != null ? Integer.parseInt(trackWeight) : intOr(ownWeight, 0);
        int interval = intOr(s.keyword("interval"), 1);
        Integer timeout = s.keyword("timeout") == null ? null : Integer.parseInt(s.keyword("timeout").strip());
        return new HealthCheck(s.name(), command, process, interval, timeout, intOr(s.keyword("fall"), 1), intOr(s.keyword("rise"), 1), weight,
                Location.NONE);
    }

    private static int intOr(String value, int dflt) {
        return value == null ? dflt : Integer.parseInt(value.strip().split("\\s+")[0]);
    }
}
