package io.hastate.modules.file;

import java.util.function.Predicate;

/** Which path facts a change to a path makes stale: the path's own, its parents' and anything below it. */
public final class PathFacts {
    private PathFacts() {}

    public static Predicate<String> touchedBy(String path) {
        return key -> {
            int colon = key.indexOf(':');
            if (colon < 0 || !(key.startsWith("file:") || key.startsWith("stat:"))) return false;
            String p = key.substring(colon + 1);
            return p.equals(path) || path.startsWith(p.endsWith("/") ? p : p + "/") || p.startsWith(path + "/");
        };
    }
}
