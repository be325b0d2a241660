package io.hastate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hastate.core.Version;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.model.Change;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.report.RunSummary;
import io.hastate.core.secret.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a check decided, saved to be applied exactly later ({@code check --out}, {@code apply --plan}):
 * per host the states that would change, in order, a fingerprint of what the check read there (every
 * state's status and, for each change, the value found) and one of what it was decided from (every
 * state's resolved arguments, requisites and {@code when:} verdict), and a salted digest of the secrets.
 * Applying reads the hosts and the inventory again first and refuses, before changing anything, when
 * any of them differs. The rollout order is not saved: apply decides it from where the VIPs are then.
 */
public record SavedPlan(String inventory, List<String> states, Instant createdAt, List<HostEntry> hosts, String secretsSalt, String secretsDigest) {
    public static final int FORMAT_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Planned(String id, String function, String name) {
        boolean matches(StateRef ref) {
            return ref.id().equals(id) && (ref.module() + "." + ref.function()).equals(function) && ref.name().equals(name);
        }
    }

    /** {@code fingerprint}: what was read on the host; {@code inputs}: what its states were compiled to. */
    public record HostEntry(String name, String fingerprint, String inputs, List<Planned> changes) {}

    /** The plan of a finished check of {@code plans}; every host must have been reached. */
    public static SavedPlan of(Inventory inv, List<String> states, List<HostPlan> plans, RunSummary checked) {
        Map<String, HostPlan> planOf = new LinkedHashMap<>();
        plans.forEach(p -> planOf.put(p.host().name(), p));
        List<HostEntry> hosts = new ArrayList<>();
        for (RunSummary.HostSummary h : checked.hosts()) {
            if (h.unreachable() != null || h.failure() != null) {
                throw new InvalidInputException(Location.COMMAND_LINE, "--out",
                        "no plan: " + h.name() + " could not be checked (" + (h.unreachable() != null ? h.unreachable() : h.failure()) + ")");
            }
            List<Planned> changes = h.results().stream().filter(r -> r.status() == Status.WOULD_CHANGE)
                    .map(r -> new Planned(r.state().id(), r.state().module() + "." + r.state().function(), r.state().name())).toList();
            HostPlan plan = planOf.get(h.name());
            hosts.add(new HostEntry(h.name(), fingerprint(h), plan == null ? "" : PlanInputs.of(plan), changes));
        }
        String salt = PlanInputs.newSalt();
        return new SavedPlan(inv.source(), List.copyOf(states), checked.startedAt(), hosts, salt, PlanInputs.secrets(plans, salt));
    }

    /** What a check read on a host, as far as its decisions go: each state's status, and for each change the value found. */
    public static String fingerprint(RunSummary.HostSummary h) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (StateResult r : h.results()) {
                line(sha, r.state().id() + "\0" + r.state().module() + "." + r.state().function() + "\0" + r.state().name() + "\0" + r.status());
                for (Change c : r.changes()) line(sha, c.key() + "\0" + c.before() + "\0" + c.after() + "\0" + c.detail());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void line(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }

    /**
     * What to apply of {@code plans} under this run's locks: the hosts are read again, and only when every
     * one is as it was when this plan was made, its reviewed changes; else nothing.
     *
     * @param planName how messages name the plan (its file)
     * @throws StalePlanException naming each host that changed
     */
    public List<HostPlan> recheck(Runner runner, List<HostPlan> plans, String planName) {
        if (!inventory.equals(runner.project().inventory().source())) {
            throw new InvalidInputException(new Location(planName, 0), "inventory",
                    "the plan was made for " + inventory + ", not " + runner.project().inventory().source());
        }
        RunSummary now = new RunSummary();
        runner.check(plans, false, now, e -> {});
        List<String> stale = staleHosts(now, plans);
        if (!stale.isEmpty()) throw new StalePlanException(planName + ": " + String.join("; ", stale) + "; nothing was changed (run check --out again)");
        return narrow(plans);
    }

    /** The hosts' plans cut to the planned states (with what they need and what reacts to them). */
    public List<HostPlan> narrow(List<HostPlan> plans) {
        Map<String, HostEntry> byHost = new LinkedHashMap<>();
        hosts.forEach(h -> byHost.put(h.name(), h));
        List<HostPlan> out = new ArrayList<>();
        for (HostPlan p : plans) {
            HostEntry entry = byHost.get(p.host().name());
            if (entry == null || entry.changes().isEmpty()) continue;
            Set<StateRef> refs = new LinkedHashSet<>();
            p.graph().ordered().forEach(n -> {
                if (entry.changes().stream().anyMatch(c -> c.matches(n.state().ref()))) refs.add(n.state().ref());
            });
            out.add(new HostPlan(p.host(), p.graph().narrowedTo(refs), p.secrets(), p.observations()));
        }
        return out;
    }

    /** Why the plan no longer holds, host by host (empty: it still holds): what the hosts show, or what they were planned from, changed. */
    public List<String> staleHosts(RunSummary now, List<HostPlan> plans) {
        Map<String, RunSummary.HostSummary> seen = new LinkedHashMap<>();
        now.hosts().forEach(h -> seen.put(h.name(), h));
        Map<String, HostPlan> planOf = new LinkedHashMap<>();
        plans.forEach(p -> planOf.put(p.host().name(), p));
        List<String> stale = new ArrayList<>();
        for (HostEntry h : hosts) {
            RunSummary.HostSummary s = seen.get(h.name());
            HostPlan plan = planOf.get(h.name());
            if (s == null || plan == null) stale.add(h.name() + " was not checked");
            else if (s.unreachable() != null) stale.add(h.name() + " is unreachable (" + s.unreachable() + ")");
            else if (!PlanInputs.of(plan).equals(h.inputs())) stale.add(h.name() + "'s states were planned with other arguments or requisites");
            else if (!fingerprint(s).equals(h.fingerprint())) stale.add(h.name() + " changed since the plan was made");
        }
        if (!PlanInputs.secrets(plans, secretsSalt).equals(secretsDigest)) stale.add("a secret changed since the plan was made");
        return stale;
    }

    /** Written whole, readable by its owner only, never through a link: a new file renamed into place. */
    public void write(Path file) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", FORMAT_VERSION);
        doc.put("kind", "plan");
        doc.put("hastate_version", Version.text());
        doc.put("created_at", createdAt == null ? null : createdAt.toString());
        doc.put("inventory", inventory);
        doc.put("states", states);
        doc.put("hosts", hosts);
        doc.put("secrets", Map.of("salt", secretsSalt, "digest", secretsDigest));
        try {
            PrivateFiles.write(file, JSON.writeValueAsString(doc) + "\n");
        } catch (IOException e) {
            throw new InvalidInputException(new Location(file.toString(), 0), "--out", "cannot write the plan: " + e.getMessage());
        }
    }

    public static SavedPlan read(Path file) {
        Location at = new Location(file.toString(), 0);
        try {
            JsonNode doc = JSON.readTree(Files.readString(file));
            if (doc == null || !"plan".equals(doc.path("kind").asText()) || doc.path("format_version").asInt() != FORMAT_VERSION) {
                throw new InvalidInputException(at, "--plan", "not a hastate plan of format " + FORMAT_VERSION + " (made by check --out)");
            }
            List<String> states = new ArrayList<>();
            doc.path("states").forEach(s -> states.add(s.asText()));
            List<HostEntry> hosts = new ArrayList<>();
            for (JsonNode h : doc.path("hosts")) {
                List<Planned> changes = new ArrayList<>();
                for (JsonNode c : h.path("changes")) changes.add(new Planned(c.path("id").asText(), c.path("function").asText(), c.path("name").asText()));
                hosts.add(new HostEntry(h.path("name").asText(), h.path("fingerprint").asText(), h.path("inputs").asText(), changes));
            }
            String salt = doc.path("secrets").path("salt").asText();
            if (!salt.matches("[0-9a-f]{32}")) throw new InvalidInputException(at, "--plan", "its secrets.salt is not 32 hex digits");
            String created = doc.path("created_at").asText(null);
            return new SavedPlan(doc.path("inventory").asText(), states, created == null ? null : Instant.parse(created), hosts, salt,
                    doc.path("secrets").path("digest").asText());
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(at, "--plan", "cannot read the plan: " + e.getMessage());
        }
    }
}
