package io.hastate.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * A managed host as declared in the inventory. {@code vars} are the host's own variables only;
 * {@link Inventory#mergedVars(String)} gives the merged view. {@code port}, {@code user} and
 * {@code identityFile} are null when not declared, so that OpenSSH's config can supply them.
 */
public record Host(String name, String address, Integer port, String user, String identityFile,
                   Become become, Connection connection, Map<String, Object> vars, Location location) {

    public enum Connection { SSH, LOCAL }

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (port != null && (port < 1 || port > 65535)) {
            throw new InvalidInputException(location, "port", "must be 1-65535, got " + port);
        }
        vars = Map.copyOf(vars);
    }

    /** The declared port, or SSH's default. */
    public int portOrDefault() {
        return port == null ? 22 : port;
    }

    /** Privilege escalation: none, or sudo with an optional password taken from a variable. */
    public record Become(boolean sudo, String passwordVar) {
        public static final Become NONE = new Become(false, null);
    }
}
