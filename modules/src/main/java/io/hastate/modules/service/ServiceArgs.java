package io.hastate.modules.service;

import io.hastate.core.module.Args;

import java.util.regex.Pattern;

final class ServiceArgs {
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@_.:\\\\-]+");

    private ServiceArgs() {}

    static void validate(Args args) {
        if (!UNIT.matcher(args.name()).matches()) {
            throw new IllegalArgumentException("'" + args.name() + "' is not a systemd unit name");
        }
    }
}
