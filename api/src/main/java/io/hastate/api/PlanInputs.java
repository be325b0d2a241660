package io.hastate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.graph.CompiledState;
import io.hastate.core.graph.Requisite;
import io.hastate.core.graph.StateGraph;
import io.hastate.core.secret.Redactor;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a saved plan was decided from, beyond what the hosts showed: every state's fully resolved
 * arguments, requisites and {@code when:} verdict, in order. Secret values never enter that digest
 * (they are masked first); they are covered by a digest of their own, salted and slow, so that the plan
 * file, which anyone may read, does not let a password be guessed quickly.
 */
final class PlanInputs {
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final int SECRET_ROUNDS = 210_000;

    private PlanInputs() {}

    /** The digest of one host's compiled states, secrets masked. */
    static String of(HostPlan plan) {
        Redactor masked = new Redactor(plan.secrets());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (StateGraph.Node n : plan.graph().ordered()) {
                CompiledState s = n.state();
                update(sha, s.ref().id() + "\0" + s.ref().module() + "." + s.ref().function() + "\0" + s.ref().name() + "\0" + s.inactive());
                update(sha, masked.redact(CANONICAL.writeValueAsString(s.args().values())));
                for (Requisite r : s.requisites()) update(sha, r.written());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the plan's states", e);
        }
    }

    static String newSalt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    /** A salted, slow digest of every secret the plans use (PBKDF2-HMAC-SHA256). */
    static String secrets(List<HostPlan> plans, String salt) {
        Set<String> all = new TreeSet<>();
        plans.forEach(p -> all.addAll(p.secrets()));
        char[] joined = ("hastate plan secrets\0" + String.join("\0", all)).toCharArray();
        try {
            PBEKeySpec spec = new PBEKeySpec(joined, HexFormat.of().parseHex(salt), SECRET_ROUNDS, 256);
            return HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot fingerprint the plan's secrets", e);
        } finally {
            java.util.Arrays.fill(joined, '\0');
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }
}
