package io.hastate.core.module;

/** The shapes a state argument can take after templates are rendered. */
public enum ArgType {
    STRING, INT, BOOL, LIST, MAP, ANY
}
