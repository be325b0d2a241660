package io.hastate.core.load;

import io.hastate.core.model.Inventory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.regex.PatternSyntaxException;

/**
 * Target expressions, used by {@code --limit} and the top file: comma-separated terms, each
 * {@code all} or {@code *}, a host, group or pair name, or a glob over host names ({@code web*}, {@code lb[12]},
 * {@code {a,b}*} within one term is not possible: commas separate terms).
 * A leading {@code !} excludes what the term matches.
 */
public final class Targets {
    private Targets() {}

    /**
     * The matching hosts in inventory order, or empty when a term matches nothing.
     *
     * @throws IllegalArgumentException when a glob term is malformed ({@code web[})
     */
    public static Optional<List<String>> select(Inventory inv, String expression) {
        Set<String> include = new LinkedHashSet<>();
        Set<String> exclude = new LinkedHashSet<>();
        boolean onlyExclusions = true;
        for (String raw : expression.split(",")) {
            String term = raw.trim();
            if (term.isEmpty()) continue;
            boolean negate = term.startsWith("!");
            if (negate) term = term.substring(1);
            else onlyExclusions = false;
            Set<String> hit = match(inv, term);
            if (hit.isEmpty()) return Optional.empty();
            (negate ? exclude : include).addAll(hit);
        }
        if (onlyExclusions) include.addAll(inv.hosts().keySet());
        include.removeAll(exclude);
        return Optional.of(inv.hosts().keySet().stream().filter(include::contains).toList());
    }

    private static Set<String> match(Inventory inv, String term) {
        Set<String> out = new LinkedHashSet<>();
        if (term.equals("all") || term.equals("*")) {
            out.addAll(inv.hosts().keySet());
        } else if (inv.hosts().containsKey(term)) {
            out.add(term);
        } else if (inv.groups().containsKey(term)) {
            out.addAll(inv.groupMembers(term));
        } else if (inv.hostSet(term).isPresent()) {
            out.addAll(inv.hostSet(term).get().hosts());
        } else if (term.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
            PathMatcher glob;
            try {
                glob = FileSystems.getDefault().getPathMatcher("glob:" + term);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + term + "' is not a valid glob: " + e.getDescription());
            }
            for (String h : inv.hosts().keySet()) if (glob.matches(Path.of(h))) out.add(h);
        }
        return out;
    }
}
