package io.hastate.core.load;

import io.hastate.core.model.Location;

/** A state as read from a file, before templates are rendered: {@code id: {module.function: args}}. */
public record StateDecl(String id, String function, YNode.YMap args, Location location) {}
