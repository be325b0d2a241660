package io.hastate.core.model;

/** Names a compiled state in results and messages: {@code file.managed /etc/motd (id motd)}. */
public record StateRef(String id, String module, String function, String name, Location location) {
    public String label() {
        return module + "." + function + " " + (name.equals(id) ? id : name + " (" + id + ")");
    }

    /** The form requisites use to point at a state: {@code module: id}. */
    public String requisiteForm() {
        return module + ": " + id;
    }
}
