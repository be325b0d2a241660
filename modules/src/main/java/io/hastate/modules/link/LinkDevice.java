package io.hastate.modules.link;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.Names;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;
import io.hastate.core.module.StateSkipped;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.Shell;
import io.hastate.modules.network.NetworkdLink;
import io.hastate.modules.network.UnmanagedFile;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.module.Commands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code link.vmac} and {@code link.ipvlan}: a macvlan or ipvlan device on a parent interface, up, and
 * persisted the way the host's renderer expects ({@code persist}): a networkd .netdev plus a drop-in
 * on the parent's .network, a networkd-dispatcher hook (root-owned, executable), or an ifupdown
 * stanza. Networkd is always told to leave the device itself alone, so VIPs on it are never dropped.
 * A kernel without the device type skips the state with that reason.
 */
public final class LinkDevice implements StateFunction {
    private final LinkKind kind;

    private LinkDevice(LinkKind kind) {
        this.kind = kind;
    }

    public static LinkDevice vmac() {
        return new LinkDevice(LinkKind.VMAC);
    }

    public static LinkDevice ipvlan() {
        return new LinkDevice(LinkKind.IPVLAN);
    }

    @Override public String module() { return "link"; }

    @Override public String function() { return kind.function; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.string("parent").mandatory().must(Names::isInterfaceName, "an interface name"),
                ArgSpec.string("mode").orElse(kind.defaultMode).must(kind.modes::contains, "one of " + kind.modes),
                ArgSpec.string("flag"),
                ArgSpec.string("persist").orElse("networkd").must((String p) -> List.of("networkd", "dispatcher", "ifupdown").contains(p),
                        "networkd, dispatcher or ifupdown"));
    }

    @Override
    public void validate(Args args) {
        if (!Names.isInterfaceName(args.name()) || args.name().contains(".") && args.string("persist").equals("ifupdown")) {
            throw new IllegalArgumentException("'" + args.name() + "' is not a device name this function can persist");
        }
        if (args.has("flag") && !kind.flags.contains(args.string("flag"))) {
            throw new IllegalArgumentException("flag must be one of " + kind.flags + (kind.flags.isEmpty() ? " (none for macvlan)" : ""));
        }
    }

    // --- persistence files -------------------------------------------------------------------

    /** Every file this state owns, with its content and mode, for the chosen renderer. */
    Map<String, String[]> files(Args args) {
        String name = args.name();
        String parent = args.string("parent");
        String typeArgs = kind.ipLinkType(args.string("mode"), args.string("flag"));
        String header = "# Managed by hastate: " + kind.kernelKind + " " + name + " on " + parent + ".\n";
        Map<String, String[]> f = new LinkedHashMap<>();
        f.put(UnmanagedFile.path(name), new String[] {"0644", UnmanagedFile.content(name)});
        switch (args.string("persist")) {
            case "networkd" -> {
                StringBuilder netdev = new StringBuilder(header + "[NetDev]\nName=" + name + "\nKind=" + kind.kernelKind + "\n\n[")
                        .append(kind.networkdSection).append("]\nMode=").append(networkdMode(args.string("mode"))).append('\n');
                if (args.has("flag")) netdev.append("Flags=").append(args.string("flag")).append('\n');
                f.put("/etc/systemd/network/25-hastate-" + name + ".netdev", new String[] {"0644", netdev.toString()});
            }
            case "dispatcher" -> f.put("/etc/networkd-dispatcher/routable.d/50-hastate-" + name, new String[] {"0755",
                    "#!/bin/sh\n" + header + "[ \"$IFACE\" = " + Shell.quote(parent) + " ] || exit 0\n"
                            + "ip link show dev " + Shell.quote(name) + " >/dev/null 2>&1 || ip link add link " + Shell.quote(parent)
                            + " name " + Shell.quote(name) + " type " + typeArgs + "\n"
                            + "ip link set dev " + Shell.quote(name) + " up\n"});
            default -> f.put("/etc/network/interfaces.d/hastate-" + name, new String[] {"0644",
                    header + "auto " + name + "\niface " + name + " inet manual\n"
                            + "    pre-up ip link add link " + parent + " name " + name + " type " + typeArgs + "\n"
                            + "    up ip link set dev " + name + " up\n"
                            + "    post-down ip link del dev " + name + "\n"});
        }
        return f;
    }

    /** networkd's spelling of the mode: L2/L3/L3S for ipvlan, as is for macvlan. */
    private String networkdMode(String mode) {
        return kind == LinkKind.IPVLAN ? mode.toUpperCase() : mode;
    }

    /**
     * With networkd, the parent's own .network (whatever its name: 10-eth0.network, netplan's
     * 10-netplan-eth0.network...) gets a drop-in attaching the device; networkd reads drop-ins from /etc
     * whatever folder the file is in. Its path is known once the host has said which file that is.
     */
    private Fact<NetworkdLink> parentLink(Args args) {
        return NetworkdLink.fact(args.string("parent"), "50-hastate-" + args.name() + ".conf");
    }

    private String parentDropInContent(Args args) {
        return "# Managed by hastate: " + kind.kernelKind + " " + args.name() + " on " + args.string("parent") + ".\n"
                + "[Network]\n" + kind.networkdSection + "=" + args.name() + "\n";
    }

    /** The parent's drop-in path on this host; the parent must be networkd's. */
    private String parentDropIn(Args args, FactValues facts) {
        NetworkdLink parent = facts.get(parentLink(args));
        if (parent.networkFile() == null) {
            throw new IllegalStateException("systemd-networkd has no .network file for " + args.string("parent")
                    + ": it cannot attach " + args.name() + " (persist with dispatcher or ifupdown instead)");
        }
        return NetworkdLink.dropInPath(parent.networkFile(), "50-hastate-" + args.name() + ".conf");
    }

    private Fact<LinkFacts> fact(Args args) {
        return LinkFacts.fact(kind, args.name(), new ArrayList<>(files(args).keySet()));
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        return args.string("persist").equals("networkd") ? List.of(fact(args), parentLink(args)) : List.of(fact(args));
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        LinkFacts f = facts.get(fact(args));
        if (!f.kernelSupports() && f.live() == null) {
            throw new StateSkipped("this kernel cannot create " + kind.kernelKind + " devices (no " + kind.kernelKind
                    + " module): " + args.name() + " cannot exist here");
        }
        List<Change> changes = new ArrayList<>();
        List<Diff.Action> actions = new ArrayList<>();
        LinkFacts.Live live = f.live();
        if (live == null) {
            changes.add(Change.of("device", null, kind.kernelKind + " on " + args.string("parent") + ", mode " + args.string("mode")));
            actions.add(new Create());
            actions.add(new BringUp());
        } else {
            String wanted = kind.kernelKind + " on " + args.string("parent") + ", mode " + args.string("mode");
            String now = live.kind() + " on " + live.parent() + ", mode " + live.mode();
            if (!wanted.equals(now)) {
                throw new IllegalStateException(args.name() + " exists as " + now + ", not " + wanted
                        + "; hastate does not recreate a device that may carry VIPs: fix it by hand");
            }
            if (!live.up()) {
                changes.add(Change.of("up", "down", "up"));
                actions.add(new BringUp());
            }
        }
        files(args).forEach((path, spec) -> {
            String want = "root:root:" + Integer.parseInt(spec[0], 8) + "\n" + spec[1];
            String have = f.files().get(path);
            String normalizedHave = have == null ? null : normalizeMode(have);
            if (!want.equals(normalizedHave)) {
                changes.add(Change.of(path, have == null ? null : "differs", "declared"));
                actions.add(new WriteFile(path));
            }
        });
        if (args.string("persist").equals("networkd")) {
            String have = facts.get(parentLink(args)).dropIn();
            if (!parentDropInContent(args).equals(have)) {
                changes.add(Change.of(parentDropIn(args, facts), have == null ? null : "differs", "declared"));
                actions.add(new WriteFile(parentDropIn(args, facts)));
            }
        }
        if (changes.isEmpty()) {
            return Diff.none(args.name() + " (" + kind.kernelKind + " on " + args.string("parent") + ") is up and persisted with "
                    + args.string("persist") + (live.addresses().isEmpty() ? "" : "; addresses " + String.join(", ", live.addresses())));
        }
        return new Diff(changes, "", actions);
    }

    /** apply creates the device. */
    record Create() implements Diff.Action {}

    /** apply sets the device up. */
    record BringUp() implements Diff.Action {}

    /** apply writes one of the files that persist the device (its own, or the parent's drop-in). */
    record WriteFile(String path) implements Diff.Action {}

    /** stat prints the mode in octal without leading zeros; compare as numbers. */
    private static String normalizeMode(String have) {
        int nl = have.indexOf('\n');
        String[] owner = have.substring(0, nl).split(":");
        return owner[0] + ":" + owner[1] + ":" + Integer.parseInt(owner[2], 8) + have.substring(nl);
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) {
        throw new IllegalStateException(kind.kernelKind + " devices are applied with the facts they were checked on");
    }

    @Override
    public String apply(Args args, FactValues facts, Diff diff, Transport transport) throws ApplyException, TransportException {
        String name = Shell.quote(args.name());
        Map<String, String[]> files = new LinkedHashMap<>(files(args));
        if (args.string("persist").equals("networkd")) files.put(parentDropIn(args, facts), new String[] {"0644", parentDropInContent(args)});
        try {
            for (Map.Entry<String, String[]> e : files.entrySet()) {
                if (!diff.actions().contains(new WriteFile(e.getKey()))) continue;
                String dir = e.getKey().substring(0, e.getKey().lastIndexOf('/'));
                Commands.run(transport, "mkdir -p -- " + Shell.quote(dir));
                transport.writeFile(e.getKey(), e.getValue()[1].getBytes(StandardCharsets.UTF_8),
                        new FileAttributes(e.getValue()[0], "root", "root"));
            }
        } catch (FileWriteException e) {
            throw new ApplyException(e.getMessage());
        }
        if (diff.decided(Create.class)) {
            Commands.run(transport, "ip link add link " + Shell.quote(args.string("parent")) + " name " + name + " type "
                    + kind.ipLinkType(args.string("mode"), args.string("flag")));
        }
        if (diff.decided(BringUp.class)) Commands.run(transport, "ip link set dev " + name + " up");
        return "";
    }
}
