package io.hastate.core.secret;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the value on any line of a managed file that names a secret (auth_pass, password, ...),
 * whatever the value: the old value on a host is secret too, and hastate never knew it.
 */
public final class SecretLines {
    private SecretLines() {}

    private static final Pattern LINE = Pattern.compile(
            "(?im)(\\b[\\w.-]*(?:auth_pass|password|passwd|secret|token|private_key)[\\w.-]*[\"']?(?>\\s*[:=]\\s*|\\s+))(?!\\*{8})([^\\s#;=:][^\\s#;]*)");

    public static String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        return LINE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + Redactor.MASK));
    }
}
