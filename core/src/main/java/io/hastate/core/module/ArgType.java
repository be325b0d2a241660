package io.hastate.core.module;

/**
 * The shapes a state argument can take after templates are rendered. TEMPLATE_FILE is a path
 * relative to the state file; the argument's value is that file rendered for the host.
 */
public enum ArgType {
    STRING, INT, BOOL, LIST, MAP, ANY, TEMPLATE_FILE
}
