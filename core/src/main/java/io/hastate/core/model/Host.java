package io.hastate.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * A managed host as declared in the inventory. {@code vars} are the host's own variables only;
 * {@link Inventory#mergedVars(String)} gives the merged view.
 */
public record Host(String name, String address, int port, String user, String identityFile,
                   Become become, Connection connection, Map<String, Object> vars, Location location) {

    public enum Connection { SSH, LOCAL }

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new InvalidInputException(location, "port", "must be 1-65535, got " + port);
        }
        vars = Map.copyOf(vars);
    }

    /** Privilege escalation: none, or sudo with an optional password taken from a variable. */
    public record Become(boolean sudo, String passwordVar) {
        public static final Become NONE = new Become(false, null);
    }
}
