package io.hastate.core.module;

import io.hastate.spi.Arg;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The arguments a plugin's record declares, as the state compiler checks them. */
final class PluginArgs {
    private PluginArgs() {}

    /** One spec per record component but {@code name}, which every state has. */
    static List<ArgSpec> of(Class<? extends Record> type, String function) {
        List<ArgSpec> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals("name")) continue;
            ArgSpec spec = ArgSpec.of(c.getName(), typeOf(c, function));
            Arg arg = c.getAnnotation(Arg.class);
            if (arg == null || !arg.optional()) spec = spec.mandatory();
            if (arg != null && arg.secret()) spec = spec.asSecret();
            out.add(spec);
        }
        return out;
    }

    private static ArgType typeOf(RecordComponent c, String function) {
        Class<?> t = c.getType();
        if (t == String.class) return ArgType.STRING;
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return ArgType.INT;
        if (t == boolean.class || t == Boolean.class) return ArgType.BOOL;
        if (List.class.isAssignableFrom(t)) return ArgType.LIST;
        if (Map.class.isAssignableFrom(t)) return ArgType.MAP;
        throw new IllegalStateException(function + ": argument '" + c.getName() + "' is a " + t.getSimpleName()
                + "; a plugin's arguments are String, int, long, boolean, List or Map");
    }
}
