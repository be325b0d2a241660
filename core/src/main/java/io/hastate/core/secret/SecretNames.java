package io.hastate.core.secret;

import java.util.regex.Pattern;

/** Variables and arguments whose names look like these hold secrets: their values never appear in output. */
public final class SecretNames {
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|passwd|secret|token|auth_pass|private_key).*");

    private SecretNames() {}

    public static boolean isSecret(String name) {
        return SECRET.matcher(name).matches();
    }
}
