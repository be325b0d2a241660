package io.hastate.modules.network;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.Names;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.module.Commands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code network.ifupdown}: an interface is configured by ifupdown instead of systemd-networkd, so no
 * networkd restart, reload or reconfigure can remove its addresses or the VIPs on it. The stanza is
 * written from networkd's own .network file (Address=, Gateway=, DNS=) unless addresses are given.
 *
 * <p>The move never cuts the connection hastate uses: networkd is stopped first (a stop leaves static
 * addresses in place), then told to leave the interface unmanaged, then disabled; ifup is not run,
 * since the addresses are already there, and ifupdown brings them up at the next boot.
 */
public final class Ifupdown implements StateFunction {
    @Override public String module() { return "network"; }

    @Override public String function() { return "ifupdown"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.list("addresses"), ArgSpec.string("gateway").must(Names::isIp, "an IP address"),
                ArgSpec.list("dns"));
    }

    @Override
    public void validate(Args args) {
        if (!Names.isInterfaceName(args.name()) || args.name().contains(".")) {
            // ifupdown's source-directory reads only names made of [A-Za-z0-9_-].
            throw new IllegalArgumentException("'" + args.name() + "' is not an interface name hastate can write an ifupdown file for");
        }
        List<String> given = new ArrayList<>();
        for (Object a : args.list("addresses")) {
            String s = String.valueOf(a);
            if (!isCidr(s)) throw new IllegalArgumentException("addresses: '" + s + "' is not ADDRESS/PREFIX");
            given.add(s);
        }
        if (!given.isEmpty() && given.stream().noneMatch(Names::isIPv4Cidr)) {
            throw new IllegalArgumentException("addresses: an inet stanza needs an IPv4 address first, got " + given);
        }
        for (Object d : args.list("dns")) {
            if (!Names.isIp(String.valueOf(d))) throw new IllegalArgumentException("dns: '" + d + "' is not an IP address");
        }
    }

    static String stanzaPath(Args args) {
        return "/etc/network/interfaces.d/hastate-" + args.name();
    }

    static String guardPath(Args args) {
        return UnmanagedFile.path(args.name());
    }

    static Fact<IfupdownFacts> fact(Args args) {
        return IfupdownFacts.fact(args.name(), stanzaPath(args), guardPath(args));
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        return List.of(fact(args));
    }

    static String guard(Args args) {
        return UnmanagedFile.content(args.name());
    }

    /** ADDRESS/PREFIX, strictly: ifupdown hands these lines to /bin/sh, so nothing else may reach them. */
    static boolean isCidr(String s) {
        return Names.isIPv4Cidr(s) || Names.isIPv6Cidr(s);
    }

    /** Values read back from the host's own .network file are checked like declared ones. */
    private static List<String> fromHost(List<String> values, java.util.function.Predicate<String> valid, String what) {
        for (String v : values) {
            if (!valid.test(v)) throw new IllegalStateException("networkd's file holds a " + what + " hastate will not copy into ifupdown: '" + v + "'");
        }
        return values;
    }

    /** The stanza to write, or null when it cannot be derived (no addresses given, none in networkd's file). */
    static String stanza(Args args, IfupdownFacts f) {
        List<String> addresses = new ArrayList<>();
        for (Object a : args.list("addresses")) addresses.add(String.valueOf(a));
        String gateway = args.string("gateway");
        List<String> dns = new ArrayList<>();
        for (Object d : args.list("dns")) dns.add(String.valueOf(d));
        if (addresses.isEmpty()) {
            addresses = fromHost(IfupdownFacts.values(f.networkText(), "Address"), Ifupdown::isCidr, "address");
            List<String> gateways = fromHost(IfupdownFacts.values(f.networkText(), "Gateway"), Names::isIp, "gateway");
            if (gateway == null) gateway = gateways.stream().filter(Names::isIPv4).findFirst().orElse(null);
            if (dns.isEmpty()) dns = fromHost(IfupdownFacts.values(f.networkText(), "DNS"), Names::isIp, "DNS server");
        }
        if (addresses.isEmpty()) return null;
        // The inet stanza carries the first IPv4 address; the others, IPv6 ones included, are added after it.
        String primary = addresses.stream().filter(Names::isIPv4Cidr).findFirst()
                .orElseThrow(() -> new IllegalStateException("no IPv4 address for " + args.name() + "'s inet stanza"));
        List<String> extras = new ArrayList<>(addresses);
        extras.remove(primary);
        addresses = new ArrayList<>();
        addresses.add(primary);
        addresses.addAll(extras);
        if (gateway != null && !Names.isIPv4(gateway)) gateway = null;
        StringBuilder s = new StringBuilder("# Managed by hastate: " + args.name() + " moved from systemd-networkd to ifupdown.\n");
        s.append("auto ").append(args.name()).append('\n');
        s.append("iface ").append(args.name()).append(" inet static\n");
        s.append("    address ").append(addresses.get(0)).append('\n');
        if (gateway != null) s.append("    gateway ").append(gateway).append('\n');
        if (!dns.isEmpty()) s.append("    dns-nameservers ").append(String.join(" ", dns)).append('\n');
        for (String extra : addresses.subList(1, addresses.size())) {
            s.append("    up ip ").append(Names.isIPv6Cidr(extra) ? "-6 " : "").append("addr add ").append(extra).append(" dev ").append(args.name()).append('\n');
        }
        return s.toString();
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        IfupdownFacts f = facts.get(fact(args));
        if (!f.ifupdownInstalled()) throw new IllegalStateException("ifupdown is not installed (add a pkg.installed ifupdown state first)");
        List<Change> changes = new ArrayList<>();
        // Once moved, networkd no longer describes the interface: the stanza written then is the truth.
        boolean explicit = !args.list("addresses").isEmpty();
        String wanted = f.stanza() != null && !explicit ? f.stanza() : stanza(args, f);
        if (wanted == null) {
            throw new IllegalStateException("no address for " + args.name() + ": networkd's file has no Address= and none was given");
        }
        List<Diff.Action> actions = new ArrayList<>();
        if (!wanted.equals(f.stanza())) {
            changes.add(Change.of(stanzaPath(args), f.stanza() == null ? null : "edited", "ifupdown stanza").withDetail(wanted));
            // The stanza is decided here, from what networkd had: apply writes exactly this.
            actions.add(new WriteStanza(wanted));
        }
        if (!guard(args).equals(f.guard())) {
            changes.add(Change.of("networkd leaves " + args.name() + " alone", f.guard() == null ? null : "edited", "Unmanaged=yes"));
            actions.add(new WriteGuard());
        }
        if (f.networkdActive() || f.networkdEnabled()) {
            changes.add(Change.of("systemd-networkd", (f.networkdActive() ? "active" : "inactive") + ", " + (f.networkdEnabled() ? "enabled" : "disabled"),
                    "stopped, disabled"));
            actions.add(new RetireNetworkd());
        }
        if (!f.networkingEnabled()) {
            changes.add(Change.of("networking.service", "disabled", "enabled"));
            actions.add(new EnableNetworking());
        }
        if (changes.isEmpty()) return Diff.none(args.name() + " is configured by ifupdown; systemd-networkd is off and leaves it alone");
        return new Diff(changes, "", actions);
    }

    /** apply writes the drop-in that makes networkd leave the interface alone. */
    record WriteGuard() implements Diff.Action {}

    /** apply stops and disables systemd-networkd. */
    record RetireNetworkd() implements Diff.Action {}

    /** apply enables ifupdown's networking.service. */
    record EnableNetworking() implements Diff.Action {}

    /** The ifupdown stanza check decided on. */
    record WriteStanza(String content) implements Diff.Action {}

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        try {
            if (diff.decided(WriteStanza.class)) {
                transport.writeFile(stanzaPath(args), diff.action(WriteStanza.class).content().getBytes(StandardCharsets.UTF_8),
                        new FileAttributes("0644", null, null));
            }
            // Stop first: a stopped networkd keeps static addresses, while a reload that turns a link
            // unmanaged drops them (and with them this SSH connection).
            if (diff.decided(RetireNetworkd.class)) {
                Commands.run(transport, "systemctl stop systemd-networkd.socket systemd-networkd.service");
            }
            if (diff.decided(WriteGuard.class)) {
                transport.writeFile(guardPath(args), guard(args).getBytes(StandardCharsets.UTF_8), new FileAttributes("0644", null, null));
            }
        } catch (FileWriteException e) {
            throw new ApplyException(e.getMessage());
        }
        if (diff.decided(RetireNetworkd.class)) {
            Commands.run(transport, "systemctl disable systemd-networkd.socket systemd-networkd.service systemd-networkd-wait-online.service");
        }
        if (diff.decided(EnableNetworking.class)) Commands.run(transport, "systemctl enable networking.service");
        // ifupdown must know the interface is up already, so that a later ifdown/ifup pair works.
        Commands.run(transport, "mkdir -p /run/network && (grep -qx " + Shell.quote(args.name() + "=" + args.name())
                + " /run/network/ifstate 2>/dev/null || echo " + Shell.quote(args.name() + "=" + args.name()) + " >> /run/network/ifstate)");
        return "";
    }
}
