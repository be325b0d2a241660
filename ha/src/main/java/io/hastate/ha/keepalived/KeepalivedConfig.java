package io.hastate.ha.keepalived;

import io.hastate.core.facts.DefaultRoutes;
import io.hastate.core.facts.Fact;
import io.hastate.core.facts.NetAddresses;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.NotYetKnown;
import io.hastate.core.module.StateFunction;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.modules.file.FileFacts;
import io.hastate.modules.file.FileState;
import io.hastate.modules.file.TextDiff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code keepalived.config}: keepalived.conf rendered from a typed model (global_defs, vrrp_script,
 * vrrp_instance). Check reports the text diff and what changes per instance and VIP, and refuses
 * keywords the installed keepalived does not support. Apply validates the candidate with
 * {@code keepalived -t} on the host and installs it only if it passes. Reloading is the service's
 * job: {@code service.running} with {@code reload: true} and a watch on this state.
 */
public final class KeepalivedConfig implements StateFunction {
    public static final String DEFAULT_PATH = "/etc/keepalived/keepalived.conf";

    @Override public String module() { return "keepalived"; }

    @Override public String function() { return "config"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.map("global_defs"), ArgSpec.map("scripts"), ArgSpec.list("instances").mandatory(), ArgSpec.list("verbatim"));
    }

    @Override
    public void validate(Args args) {
        model(args);
    }

    static KeepalivedModel model(Args args) {
        return KeepalivedModelParser.parse(args.map("global_defs"), args.map("scripts"), args.list("instances"), args.list("verbatim"));
    }

    /** keepalived.conf is the state's name when that is a path, else the path Debian and RHEL use. */
    static String path(Args args) {
        return args.name().startsWith("/") ? args.name() : DEFAULT_PATH;
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        KeepalivedModel model = model(args);
        List<Fact<?>> facts = new ArrayList<>(List.of(FileFacts.withContent(path(args)), KeepalivedVersion.FACT, DrainMark.FACT,
                TakeoverMark.FACT, InstanceMarks.DRAINED, InstanceMarks.TAKEOVER));
        boolean backstop = model.instances().stream().anyMatch(i -> i.backstopRoutes() != null);
        if (backstop || model.instances().stream().anyMatch(KeepalivedModel.Instance::pinsPrimary)) facts.add(NetAddresses.FACT);
        if (backstop) facts.add(DefaultRoutes.FACT);
        return facts;
    }

    /**
     * The model as this host gets it: advert sources pinned to {@code primary} read from the host's
     * addresses, every instance at the drained priority while the node is drained, and preempting at the
     * highest one while it takes its pair's VIPs over in a handover; the same for the instances marked
     * one by one (a drained instance wins over its takeover); backstop routes read from the host's
     * networks and gateways.
     */
    static KeepalivedModel model(Args args, FactValues facts) {
        KeepalivedModel model = model(args);
        if (Boolean.TRUE.equals(facts.get(DrainMark.FACT))) model = model.drained();
        else {
            model = Boolean.TRUE.equals(facts.get(TakeoverMark.FACT)) ? model.takingOver() : model.takingOver(marked(facts, InstanceMarks.TAKEOVER));
            model = model.drained(marked(facts, InstanceMarks.DRAINED));
        }
        if (model.instances().stream().anyMatch(i -> i.backstopRoutes() != null)) {
            model = BackstopRoutes.resolve(model, facts.get(NetAddresses.FACT), facts.get(DefaultRoutes.FACT), facts.get(KeepalivedVersion.FACT));
        }
        if (model.instances().stream().noneMatch(KeepalivedModel.Instance::pinsPrimary)) return model;
        return AdvertSource.resolve(model, facts.get(NetAddresses.FACT));
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        KeepalivedModel model = model(args, facts);
        KeepalivedVersion version = facts.get(KeepalivedVersion.FACT);
        if (version == null) {
            throw new NotYetKnown("keepalived is not installed (require a pkg.installed keepalived state first), so the file "
                    + "is not validated against its version", fileDiff(args, model, facts));
        }
        VersionRules.check(model, version);
        Diff diff = fileDiff(args, model, facts);
        Set<String> drainedOnes = marked(facts, InstanceMarks.DRAINED);
        String drained = Boolean.TRUE.equals(facts.get(DrainMark.FACT)) ? ", drained: priority " + DrainMark.PRIORITY
                : drainedOnes.isEmpty() ? "" : ", " + String.join(" and ", drainedOnes) + " drained: priority " + DrainMark.PRIORITY;
        return diff.isEmpty() ? Diff.none(path(args) + " is as declared (keepalived " + version + drained + ")") : diff;
    }

    /** The instances a mark names. */
    private static Set<String> marked(FactValues facts, io.hastate.core.facts.Fact<Set<String>> mark) {
        Set<String> names = facts.get(mark);
        return names == null ? Set.of() : names;
    }

    private static Diff fileDiff(Args args, KeepalivedModel model, FactValues facts) {
        String wanted = KeepalivedRenderer.render(model);
        FileState current = facts.get(FileFacts.withContent(path(args)));
        String now = current.text();
        if (wanted.equals(now)) return Diff.none(path(args) + " is as declared");
        List<Change> changes = new ArrayList<>();
        changes.add(Change.of("config", now == null ? null : now.length() + " bytes", wanted.length() + " bytes")
                .withDetail(TextDiff.unified(path(args), now == null ? null : now.getBytes(StandardCharsets.UTF_8),
                        wanted.getBytes(StandardCharsets.UTF_8))));
        changes.addAll(KeepalivedConfText.semanticChanges(now == null ? "" : now, wanted));
        return Diff.of("validated with keepalived -t before it is installed", changes);
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) {
        throw new IllegalStateException("keepalived.config is applied with the facts it was checked on");
    }

    @Override
    public String apply(Args args, FactValues facts, Diff diff, Transport transport) throws ApplyException, TransportException {
        byte[] content = KeepalivedRenderer.render(model(args, facts)).getBytes(StandardCharsets.UTF_8);
        String path = path(args);
        // A name of its own: a candidate is never another run's, even on a host whose lock was bypassed.
        String candidate = path.substring(0, path.lastIndexOf('/')) + "/.hastate-candidate."
                + java.util.UUID.randomUUID().toString().substring(0, 8) + ".conf";
        try {
            transport.writeFile(candidate, content, new FileAttributes("0600", null, null));
            CommandResult test = transport.run("keepalived -t -f " + Shell.quote(candidate) + " 2>&1; rc=$?; rm -f -- "
                    + Shell.quote(candidate) + "; exit $rc");
            ConfigTest.requirePassed(test);
            transport.writeFile(path, content, new FileAttributes("0640", null, null));
        } catch (FileWriteException e) {
            throw new ApplyException(e.getMessage());
        }
        return "";
    }
}
