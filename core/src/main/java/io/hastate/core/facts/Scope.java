package io.hastate.core.facts;

import java.util.Objects;

/**
 * What a fact reads, or what a change may alter. After a change, every fact whose scope overlaps the
 * change's is read again before it is used. A fact that does not say what it reads (a command guard,
 * say) reads {@link #everything()}, so any change makes it stale.
 */
public sealed interface Scope {

    boolean overlaps(Scope other);

    static Scope everything() {
        return Everything.INSTANCE;
    }

    /** A path and everything below it; a path also overlaps its parents (removing a folder removes its files). */
    static Scope path(String path) {
        return new Path(path);
    }

    /** One named thing in a namespace, e.g. ("sysctl", "net/ipv4/ip_forward"); an id ending in '*' is a prefix. */
    static Scope key(String namespace, String id) {
        return new Key(namespace, id);
    }

    enum Everything implements Scope {
        INSTANCE;

        @Override
        public boolean overlaps(Scope other) {
            return true;
        }

        @Override
        public String toString() {
            return "everything";
        }
    }

    record Path(String path) implements Scope {
        public Path {
            Objects.requireNonNull(path);
            while (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        }

        @Override
        public boolean overlaps(Scope other) {
            if (other instanceof Path p) return path.equals(p.path) || below(path, p.path) || below(p.path, path);
            return other == Everything.INSTANCE;
        }

        private static boolean below(String child, String parent) {
            return child.startsWith(parent.equals("/") ? "/" : parent + "/");
        }
    }

    record Key(String namespace, String id) implements Scope {
        public Key {
            Objects.requireNonNull(namespace);
            Objects.requireNonNull(id);
        }

        @Override
        public boolean overlaps(Scope other) {
            if (other instanceof Key k) return namespace.equals(k.namespace) && (matches(id, k.id) || matches(k.id, id));
            return other == Everything.INSTANCE;
        }

        private static boolean matches(String pattern, String id) {
            return pattern.endsWith("*") ? id.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(id);
        }
    }
}
