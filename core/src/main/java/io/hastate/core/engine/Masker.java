package io.hastate.core.engine;

import io.hastate.core.model.Change;
import io.hastate.core.model.StateResult;
import io.hastate.core.secret.Redactor;
import io.hastate.core.secret.SecretLines;
import io.hastate.core.secret.SecretNames;

import java.util.List;
import java.util.Set;

/**
 * Masks a result before anyone sees it: the run's secret values wherever they appear, and the value
 * on every line that names a secret, on both sides of a change (the host's old value included).
 */
final class Masker {
    private final Redactor values;

    Masker(Set<String> secrets) {
        this.values = new Redactor(secrets);
    }

    String mask(String text) {
        return SecretLines.mask(values.redact(text));
    }

    private static String whole(String value) {
        return value == null ? null : Redactor.MASK;
    }

    StateResult mask(StateResult r) {
        List<Change> changes = r.changes().stream()
                .map(c -> SecretNames.isSecret(c.key())
                        ? new Change(c.key(), whole(c.before()), whole(c.after()), mask(c.detail()), true)
                        : new Change(c.key(), mask(c.before()), mask(c.after()), mask(c.detail()), c.sensitive()))
                .toList();
        return new StateResult(r.state(), r.status(), changes, mask(r.comment()), r.duration(), r.actions());
    }
}
