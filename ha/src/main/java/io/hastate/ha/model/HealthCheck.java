package io.hastate.ha.model;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.util.regex.Pattern;

/**
 * A health check of a pair's nodes: a {@code command} keepalived runs, or a {@code process} that must
 * be running. A node whose check fails {@code fall} times in a row gives its VIPs up: with
 * {@code weight} 0 it goes to FAULT; otherwise its priority changes by {@code weight} (negative: while
 * failing, positive: while passing), which moves the VIPs only if that crosses the peer's priority.
 */
public record HealthCheck(String name, String command, String process, int interval, Integer timeout, int fall, int rise, int weight,
                          Location location) {
    public static final int DEFAULT_INTERVAL = 2;
    public static final int DEFAULT_FALL = 2;
    public static final int DEFAULT_RISE = 2;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,31}");
    /** keepalived reads the script as one quoted word list: no quotes, braces, comments or line breaks. */
    private static final Pattern COMMAND = Pattern.compile("/[^\\s\"'{}#!\\\\]*( [^\"'{}#!\\\\\\n\\r\\t]*)?");
    /** A process name as the kernel keeps it (15 characters at most), matched exactly. */
    private static final Pattern PROCESS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,14}");

    public HealthCheck {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException(location, name, "a check's name is 1-32 letters, digits, _ or -");
        }
        if ((command == null) == (process == null)) {
            throw new InvalidInputException(location, name, "a check needs either command (a program and its arguments) or process (a process name)");
        }
        if (command != null && (command.length() > 255 || !COMMAND.matcher(command).matches())) {
            throw new InvalidInputException(location, name + ".command", "must start with the program's absolute path and have no quotes,"
                    + " braces, #, !, backslashes or line breaks (keepalived reads it as one quoted line), got '" + command + "'");
        }
        if (process != null && !PROCESS.matcher(process).matches()) {
            throw new InvalidInputException(location, name + ".process", "must be a process name as ps shows it (1-15 characters:"
                    + " letters, digits, _ . : + -), got '" + process + "'");
        }
        range(interval, 1, 3600, "interval", location, name);
        if (timeout != null) range(timeout, 1, 3600, "timeout", location, name);
        range(fall, 1, 255, "fall", location, name);
        range(rise, 1, 255, "rise", location, name);
        range(weight, -253, 253, "weight", location, name);
    }

    private static void range(int value, int min, int max, String what, Location at, String name) {
        if (value < min || value > max) throw new InvalidInputException(at, name + "." + what, "must be " + min + " to " + max + ", got " + value);
    }

    /** What keepalived runs for this check: the command, or an exact match of the process name. */
    public String script() {
        return command != null ? command : "/usr/bin/pgrep -x " + process;
    }

    /** The check in the inventory's terms, every value written out (what import writes, what inventory shows). */
    public java.util.Map<String, Object> asInventory() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (command != null) m.put("command", command);
        else m.put("process", process);
        m.put("interval", interval);
        if (timeout != null) m.put("timeout", timeout);
        m.put("fall", fall);
        m.put("rise", rise);
        m.put("weight", weight);
        return m;
    }
}
