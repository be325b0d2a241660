package io.hastate.core.secret;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks every value known to be secret, wherever it appears. {@link #OUTPUT} is the one every byte
 * hastate prints goes through (reports, errors, logs); values are added as soon as they are known.
 * A secret of fewer than four characters is masked only as a whole word, so that a two-letter
 * password does not blank out every word that contains those letters. A multi-line secret (a PEM
 * key) is secret line by line too: a diff shows it one line at a time, never whole. A secret made of
 * digits only ({@code auth_pass 1111}) is masked where it is not part of a longer number: inside one
 * (a duration, a port, a count in JSON) it says nothing of the secret, and masking it would break the
 * document.
 */
public final class Redactor {
    public static final String MASK = "********";
    public static final Redactor OUTPUT = new Redactor();
    /** A line of a multi-line secret shorter than this ("}", "--") is too common to mask on its own. */
    private static final int MIN_LINE = 4;

    private final Set<String> secrets = new CopyOnWriteArraySet<>();
    private volatile List<Pattern> patterns = List.of();

    public Redactor() {}

    public Redactor(Set<String> initial) {
        addAll(initial);
    }

    public void addAll(java.util.Collection<String> values) {
        boolean changed = false;
        for (String v : values) {
            if (v == null || v.isBlank()) continue;
            changed |= secrets.add(v);
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                for (String line : v.split("\\R")) {
                    String part = line.strip();
                    if (part.length() >= MIN_LINE) changed |= secrets.add(part);
                }
            }
        }
        if (changed) compile();
    }

    public void add(String value) {
        addAll(List.of(value == null ? "" : value));
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    private synchronized void compile() {
        // Longest first, so a secret that contains another is masked whole.
        patterns = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(s -> s.chars().allMatch(c -> c >= '0' && c <= '9') ? Pattern.compile("(?<![0-9])" + Pattern.quote(s) + "(?![0-9])")
                        : s.length() >= 4 ? Pattern.compile(Pattern.quote(s))
                        : Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(s) + "(?![\\p{Alnum}])"))
                .toList();
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (Pattern p : patterns) out = p.matcher(out).replaceAll(Matcher.quoteReplacement(MASK));
        return out;
    }
}
