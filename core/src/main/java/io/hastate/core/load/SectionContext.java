package io.hastate.core.load;

import io.hastate.core.model.Host;

import java.util.Map;

/** What an {@link InventorySection} reads against: the inventory's hosts and vars, and its rules for vars and secrets. */
public interface SectionContext {
    Map<String, Host> hosts();

    /** The inventory's top-level vars. */
    Map<String, Object> allVars();

    /** A {@code vars:} map at {@code field}, read and checked as every vars map of the inventory is. */
    Map<String, Object> vars(YNode node, String field);

    /**
     * A secret value: as written, from a secret source ({@code {env: NAME}}, {@code {file: PATH}}...), or one
     * variable ({@code "{{name}}"}) of {@code localVars} (which {@code localVarsOwner} names in messages, e.g.
     * "the pair's") or of the inventory's vars. Registered with the output's redactor.
     */
    String secret(YNode node, String field, Map<String, Object> localVars, String localVarsOwner);

    /** Something the reader decided for the user that they should hear of (not an error): shown as a note. */
    void note(io.hastate.core.model.Location at, String field, String text);
}
