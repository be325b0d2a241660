package io.hastate.core.engine;

import io.hastate.core.model.Change;
import io.hastate.core.model.StateResult;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Replaces secret values wherever they would appear in a result. */
final class Masker {
    static final String MASK = "********";
    private final List<String> secrets;

    Masker(Set<String> secrets) {
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = secrets.stream().filter(s -> s.length() >= 3)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    String mask(String text) {
        if (text == null || secrets.isEmpty()) return text;
        String out = text;
        for (String s : secrets) out = out.replace(s, MASK);
        return out;
    }

    StateResult mask(StateResult r) {
        if (secrets.isEmpty()) return r;
        List<Change> changes = r.changes().stream()
                .map(c -> new Change(c.key(), mask(c.before()), mask(c.after()), mask(c.detail()), c.sensitive()))
                .toList();
        return new StateResult(r.state(), r.status(), changes, mask(r.comment()), r.duration());
    }
}
