package io.hastate.core.report;

import io.hastate.core.model.Status;

/** ANSI colours for a terminal, or plain text: one place decides what red, yellow and green mean. */
final class Paint {
    private static final String RESET = "\u001b[0m";
    private final boolean on;

    Paint(boolean on) {
        this.on = on;
    }

    String red(String text) {
        return wrap("\u001b[31m", text);
    }

    String yellow(String text) {
        return wrap("\u001b[33m", text);
    }

    String green(String text) {
        return wrap("\u001b[32m", text);
    }

    String cyan(String text) {
        return wrap("\u001b[36m", text);
    }

    /** A state's status as Ansible colours it: changed yellow, failed red, skipped cyan, ok green. */
    String status(Status status, String text) {
        return switch (status) {
            case FAILED -> red(text);
            case CHANGED, WOULD_CHANGE -> yellow(text);
            case SKIPPED -> cyan(text);
            default -> green(text);
        };
    }

    /** A line of a change: a unified diff's added lines green, removed red, hunk headers cyan. */
    String diffLine(String line) {
        String body = line.stripLeading();
        if (body.startsWith("+++") || body.startsWith("---")) return line;
        if (body.startsWith("+")) return green(line);
        if (body.startsWith("-")) return red(line);
        if (body.startsWith("@@")) return cyan(line);
        return line;
    }

    private String wrap(String code, String text) {
        return on ? code + text + RESET : text;
    }
}
