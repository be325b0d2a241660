package io.hastate.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input of every kind hastate reads: each case must exit 3 with one line naming the file and the
 * line (the command line for options), no stack trace, under 2,000 characters, and before anything is
 * changed (hosts are local). How fast bad input is refused is no unit test's business: a loaded machine
 * made the one-second bound fail here.
 */
class BadInputCorpusTest {
    @TempDir
    static Path dir;

    private static final String GOOD_PAIR = """
            pairs:
              web:
                nodes:
                  a: {priority: 150, state: MASTER}
                  b: {priority: 100}
                vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24]}
            """;

    /** A valid inventory with one line replaced by {@code line}; hosts a and b are local. */
    private static String inventory(String hostA, String pairs, String vars) {
        return "states: states\nvars: " + vars + "\nhosts:\n  a: " + hostA + "\n  b: {connection: local}\n" + pairs;
    }

    private static Map<String, String> inventoryCases() {
        Map<String, String> c = new LinkedHashMap<>();
        String ok = "{connection: local}";
        for (String port : List.of("-1", "0", "70000", "abc", "[1]", "1.5", "99999999999999999999")) c.put("port " + port, inventory("{port: " + port + "}", "", "{}"));
        for (String addr : List.of("''", "'a b'", "'$(id)'", "'x;y'", "[1]", "'-oProxyCommand=x'", "'a\\nb'")) c.put("address " + addr, inventory("{address: " + addr + "}", "", "{}"));
        for (String conn : List.of("tcp", "''", "[ssh]", "1")) c.put("connection " + conn, inventory("{connection: " + conn + "}", "", "{}"));
        for (String user : List.of("''", "'a b'", "'-x'", "'$(id)'")) c.put("user " + user, inventory("{user: " + user + "}", "", "{}"));
        for (String sudo : List.of("'yes please'", "[true]", "2")) c.put("sudo " + sudo, inventory("{sudo: " + sudo + "}", "", "{}"));
        c.put("sudo_password_var missing", inventory("{sudo: true, sudo_password_var: nope}", "", "{}"));
        c.put("unknown host key", inventory("{connection: local, colour: red}", "", "{}"));
        c.put("host not a map", inventory("[1, 2]", "", "{}"));
        c.put("vars not a map", inventory(ok, "", "[1]"));
        for (String dirValue : List.of("''", "relative/dir", "/", "'/var/../etc'", "[1]", "\"/a\\tb\"")) {
            c.put("backup dir " + dirValue, inventory(ok, "", "{hastate_backup_dir: " + dirValue + "}"));
        }
        for (String keep : List.of("0", "-3", "x", "100000", "1.5")) c.put("backup keep " + keep, inventory(ok, "", "{hastate_backup_keep: " + keep + "}"));
        Map<String, String> vrrp = new LinkedHashMap<>();
        for (String v : List.of("0", "256", "x", "-1", "[51]")) vrrp.put("vrid " + v, "virtual_router_id: " + v + ", interface: eth0, vips: [10.9.0.100/24]");
        for (String v : List.of("0", "-1", "x", "256")) vrrp.put("advert_int " + v, "virtual_router_id: 51, interface: eth0, advert_int: " + v + ", vips: [10.9.0.100/24]");
        for (String v : List.of("[x]", "[10.9.0.100/33]", "[]", "['10.9.0.100/24; id']", "x", "[300.1.1.1/24]", "['10.9.0.1/24\\nx']",
                "['10.9.0.100/24 label']", "['10.9.0.100/24 dev eth0;id']", "['10.9.0.100/24 label averyveryverylonglabel']",
                "['10.9.0.100/24 scope galaxy']", "['10.9.0.100/24 dev eth1 dev eth2']", "['10.9.0.100/24 brd x']", "['10.9.0.100/24 dev $(id)']")) {
            vrrp.put("vips " + v, "virtual_router_id: 51, interface: eth0, vips: " + v);
        }
        for (String v : List.of("''", "'eth0;id'", "'a b'", "'$(id)'", "averyveryverylongname0", "[eth0]")) vrrp.put("interface " + v, "virtual_router_id: 51, interface: " + v + ", vips: [10.9.0.100/24]");
        for (String v : List.of("''", "'123456789'", "'a b'", "\"a\\nb\"", "'back\\slash'", "'tab\\tx'", "[x]", "'\u00e9t\u00e9'")) vrrp.put("auth_pass " + v, "virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], auth_pass: " + v);
        for (String v : List.of("sometimes", "''", "[x]")) vrrp.put("protection " + v, "virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], protection: " + v);
        for (String v : List.of("maybe", "[true]")) vrrp.put("preempt " + v, "virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], preempt: " + v);
        String base = "virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], checks: ";
        for (String v : List.of("{web: {}}", "{web: {command: /bin/true, process: web}}", "{web: {command: 'check web'}}",
                "{web: {command: '/bin/check \"x\"'}}", "{web: {command: '/bin/check {x}'}}", "{web: {command: '/bin/check # x'}}",
                "{web: {process: averyveryverylongname}}", "{web: {process: 'a b'}}", "{web: {process: web, weight: 254}}",
                "{web: {process: web, weight: -254}}", "{web: {process: web, interval: 0}}", "{web: {process: web, fall: 0}}",
                "{web: {process: web, rise: 256}}", "{web: {process: web, timeout: 0}}", "{web: {process: web, colour: red}}",
                "{'we b': {process: web}}", "{web: {process: web, weight: x}}", "[web]", "{web: web}")) {
            vrrp.put("checks " + v, base + v);
        }
        for (String v : List.of("{master: relative/path}", "{master: '/usr/bin/x arg'}", "{master: '/a/../b'}", "{up: /usr/bin/x}", "{master: [x]}",
                "{master: '/x\"y'}", "[/usr/bin/x]")) {
            vrrp.put("notify " + v, "virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], notify: " + v);
        }
        for (String v : List.of("[state MASTER]", "['include /etc/other.conf']", "['smtp_alert # x']", "['track_interface {']", "['}']",
                "['a {', 'b {', 'c {', '}', '}', '}']", "['notify \"/x']", "['smtp_alert {x}']", "['Smtp_alert']", "['\u00e9t\u00e9']",
                "['virtual_ipaddress {', '10.9.0.9/32', '}']", "[{x: y}]")) {
            vrrp.put("verbatim " + v, "virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], verbatim: " + v);
        }
        vrrp.put("verbatim track_script with checks", "virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], "
                + "checks: {web: {process: nginx, weight: -60}}, verbatim: ['track_script {', 'chk_other', '}']");
        vrrp.put("unknown vrrp key", "virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24], colour: red");
        for (var e : vrrp.entrySet()) {
            c.put("vrrp " + e.getKey(), inventory(ok, "pairs:\n  web:\n    nodes:\n      a: {priority: 150, state: MASTER}\n      b: {priority: 100}\n    vrrp: {"
                    + e.getValue() + "}\n", "{}"));
        }
        String nodes = "pairs:\n  web:\n    nodes:\n%s    vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24]}\n";
        c.put("both MASTER", inventory(ok, nodes.formatted("      a: {priority: 150, state: MASTER}\n      b: {priority: 100, state: MASTER}\n"), "{}"));
        c.put("same priority", inventory(ok, nodes.formatted("      a: {priority: 100}\n      b: {priority: 100}\n"), "{}"));
        c.put("priority 0", inventory(ok, nodes.formatted("      a: {priority: 0}\n      b: {priority: 100}\n"), "{}"));
        c.put("priority 256", inventory(ok, nodes.formatted("      a: {priority: 256}\n      b: {priority: 100}\n"), "{}"));
        c.put("state FOO", inventory(ok, nodes.formatted("      a: {priority: 150, state: FOO}\n      b: {priority: 100}\n"), "{}"));
        c.put("one node", inventory(ok, nodes.formatted("      a: {priority: 150}\n"), "{}"));
        c.put("three nodes", inventory(ok, nodes.formatted("      a: {priority: 150}\n      b: {priority: 100}\n      c: {priority: 50}\n"), "{}"));
        c.put("vrrp indented under nodes", inventory(ok, "pairs:\n  web:\n    nodes:\n      a: {priority: 150}\n      b: {priority: 100}\n"
                + "      vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24]}\n", "{}"));
        c.put("unknown node host", inventory(ok, nodes.formatted("      a: {priority: 150}\n      zz: {priority: 100}\n"), "{}"));
        // An instance naming no protection takes the one named beside it: the conflicts need both named.
        String namedPair = GOOD_PAIR.replace("vips: [10.9.0.100/24]", "vips: [10.9.0.100/24], protection: keep-configuration");
        c.put("node in two pairs, one interface protected two ways", inventory(ok, namedPair + "  web2:\n    nodes:\n      a: {priority: 150}\n      b: {priority: 100}\n"
                + "    vrrp: {virtual_router_id: 52, interface: eth0, vips: [10.9.0.101/24], protection: vmac}\n", "{}"));
        c.put("ifupdown beside networkd", inventory(ok, namedPair + "  web2:\n    nodes:\n      a: {priority: 150}\n      b: {priority: 100}\n"
                + "    vrrp: {virtual_router_id: 52, interface: eth1, vips: [10.9.0.101/24], protection: ifupdown}\n", "{}"));
        c.put("sync group of one", inventory(ok, "pairs:\n  web:\n    nodes:\n      a: {priority: 150}\n      b: {priority: 100}\n    instances:\n"
                + "      one: {virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24]}\n"
                + "      two: {virtual_router_id: 52, interface: eth0, vips: [10.9.0.101/24]}\n    sync_groups: {g: {instances: [one]}}\n", "{}"));
        c.put("sync group of another pair's instance", inventory(ok, "pairs:\n  web:\n    nodes:\n      a: {priority: 150}\n      b: {priority: 100}\n    instances:\n"
                + "      one: {virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24]}\n"
                + "      two: {virtual_router_id: 52, interface: eth0, vips: [10.9.0.101/24]}\n    sync_groups: {g: {instances: [one, three]}}\n", "{}"));
        c.put("unicast on a second interface", inventory(ok, "pairs:\n  web:\n    nodes:\n      a: {priority: 150}\n      b: {priority: 100}\n    instances:\n"
                + "      one: {virtual_router_id: 51, interface: eth0, vips: [10.9.0.100/24]}\n"
                + "      two: {virtual_router_id: 52, interface: eth1, vips: [10.8.0.100/24], unicast: true}\n", "{}"));
        c.put("same vrid same lan", inventory(ok, "hosts2: {}\n", "{}").replace("hosts2: {}\n", ""));
        c.remove("same vrid same lan");
        c.put("group unknown host", inventory(ok, "groups:\n  g: {hosts: [zz]}\n", "{}"));
        c.put("group cycle", inventory(ok, "groups:\n  g: {children: [h]}\n  h: {children: [g]}\n", "{}"));
        c.put("group named like host", inventory(ok, "groups:\n  a: {hosts: [b]}\n", "{}"));
        c.put("unknown top-level key", inventory(ok, "colour: red\n", "{}"));
        c.put("ssh connect_timeout 0", inventory(ok, "ssh: {connect_timeout: 0}\n", "{}"));
        c.put("ssh unknown key", inventory(ok, "ssh: {speed: fast}\n", "{}"));
        c.put("reserved var host", inventory(ok, "", "{host: x}"));
        c.put("reserved var pair", inventory(ok, "", "{pair: x}"));
        return c;
    }

    private static Map<String, String> yamlCases() {
        Map<String, String> c = new LinkedHashMap<>();
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char x = 'b'; x <= 'i'; x++) {
            char p = (char) (x - 1);
            bomb.append(x).append(": &").append(x).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        c.put("alias bomb", "hosts: {a: {connection: local}}\nvars:\n" + bomb.toString().indent(2));
        c.put("deep nesting block", "hosts: {a: {connection: local}}\nvars:\n" + nested(60));
        c.put("deep nesting flow", "hosts: {a: {connection: local}}\nvars: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        c.put("control character", "hosts: {a: {connection: local}}\nvars: {x: \"a\u0007b\"}\n".replace("\\u0007", "\u0007"));
        c.put("escape control char", "hosts: {a: {connection: local}}\nvars: {x: a\u001bb}\n");
        c.put("NUL byte", "hosts: {a: {connection: local}}\nvars: {x: a\u0000b}\n");
        c.put("tab indentation", "hosts:\n\ta: {connection: local}\n");
        c.put("duplicate key", "hosts:\n  a: {connection: local}\n  a: {connection: local}\n");
        c.put("merge key", "x: &x {connection: local}\nhosts:\n  a:\n    <<: *x\n");
        c.put("unclosed quote", "hosts:\n  a: {address: \"10.0.0.1}\n");
        c.put("unclosed flow", "hosts: {a: {connection: local}\n");
        c.put("bad indentation", "hosts:\n  a:\n connection: local\n");
        c.put("java tag", "hosts: !!javax.script.ScriptEngineManager [x]\n");
        c.put("custom tag", "hosts: {a: !foo bar}\n");
        c.put("scalar document", "just a string\n");
        c.put("list document", "- a\n- b\n");
        c.put("huge value", "hosts: {a: {connection: local, address: " + "x".repeat(1_000_000) + "}}\n");
        c.put("huge key", "hosts: {" + "k".repeat(200_000) + ": {connection: local}}\n");
        c.put("recursive alias", "hosts: &h {a: *h}\n");
        c.put("two documents", "hosts: {a: {connection: local}}\n---\nhosts: {}\n");
        c.put("hosts is a list", "hosts: [a, b]\n");
        c.put("no hosts", "vars: {x: 1}\n");
        c.put("host name with space", "hosts: {'a b': {connection: local}}\n");
        c.put("host name with slash", "hosts: {'a/b': {connection: local}}\n");
        c.put("empty host name", "hosts: {'': {connection: local}}\n");
        c.put("key is a map", "hosts: {? {a: 1} : {connection: local}}\n");
        return c;
    }

    private static String nested(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) sb.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
        sb.append("  ".repeat(depth + 1)).append("v\n");
        return sb.toString();
    }

    /** States that must be refused at load time, each in states/bad.yaml. */
    private static Map<String, String> stateCases() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("unknown module", "x:\n  nosuch.thing: {name: /tmp/x}\n");
        c.put("unknown function", "x:\n  file.teleport: {name: /tmp/x}\n");
        c.put("unknown argument", "x:\n  file.managed: {name: /tmp/x, content: a, colour: red}\n");
        c.put("missing name", "x:\n  file.managed: {content: a}\n");
        c.put("relative path", "x:\n  file.managed: {name: tmp/x, content: a}\n");
        c.put("content and template", "x:\n  file.managed: {name: /tmp/x, content: a, template: t.tmpl}\n");
        c.put("template climbs out", "x:\n  file.managed: {name: /tmp/x, template: ../../../../../../etc/hostname}\n");
        c.put("template absolute", "x:\n  file.managed: {name: /tmp/x, template: /etc/hostname}\n");
        c.put("template device", "x:\n  file.managed: {name: /tmp/x, template: /dev/zero}\n");
        c.put("template missing", "x:\n  file.managed: {name: /tmp/x, template: nothere.tmpl}\n");
        c.put("template is a folder", "x:\n  file.managed: {name: /tmp/x, template: .}\n");
        c.put("partial", "x:\n  file.managed: {name: /tmp/x, content: \"{{> /etc/passwd}}\"}\n");
        c.put("undefined variable", "x:\n  file.managed: {name: /tmp/x, content: \"{{nope}}\"}\n");
        c.put("unclosed mustache", "x:\n  file.managed: {name: /tmp/x, content: \"{{#a}}\"}\n");
        c.put("mode bad", "x:\n  file.managed: {name: /tmp/x, content: a, mode: '0999'}\n");
        c.put("mode text", "x:\n  file.managed: {name: /tmp/x, content: a, mode: rwx}\n");
        for (String p : List.of("/", "//", "/usr/..", "/etc/..", "/.", "/etc/../..", "relative")) {
            c.put("absent " + p, "x:\n  file.absent: {name: '" + p + "'}\n");
        }
        for (String p : List.of("/etc/sysctl.d/../cron.d/x.conf", "/etc/cron.d/x.conf", "relative.conf", "/etc/sysctl.d/a b.conf", "/etc/sysctl.d/x")) {
            c.put("sysctl config " + p, "x:\n  sysctl.present: {name: net.ipv4.ip_forward, value: 1, config: '" + p + "'}\n");
        }
        for (String k : List.of("net/ipv4/../x", "'net.ipv4.ip_forward; id'", "''", "'a b'")) c.put("sysctl key " + k, "x:\n  sysctl.present: {name: " + k + ", value: 1}\n");
        c.put("sysctl value newline", "x:\n  sysctl.present: {name: net.ipv4.ip_forward, value: \"1\\nkernel.x=2\"}\n");
        c.put("requisite unknown", "x:\n  file.managed: {name: /tmp/x, content: a, require: [nope]}\n");
        c.put("requisite cycle", "x:\n  file.managed: {name: /tmp/x, content: a, require: [y]}\ny:\n  file.managed: {name: /tmp/y, content: a, require: [x]}\n");
        c.put("state not a map", "x: [1, 2]\n");
        c.put("two functions of one module", "x:\n  file.managed: {name: /tmp/x, content: a}\n  file.absent: {name: /tmp/x}\n");
        c.put("include missing", "include: [nope.nothere]\nx:\n  file.managed: {name: /tmp/x, content: a}\n");
        c.put("include climbs out", "include: ['../../etc/x']\nx:\n  file.managed: {name: /tmp/x, content: a}\n");
        c.put("keepalived auth_pass newline", "x:\n  keepalived.config:\n    name: /etc/keepalived/keepalived.conf\n    instances:\n      - {name: v, interface: eth0, virtual_router_id: 51, priority: 100, vips: [10.9.0.1/24], auth_pass: \"ab\\ncd\"}\n");
        c.put("keepalived vrid 0", "x:\n  keepalived.config:\n    name: /etc/keepalived/keepalived.conf\n    instances:\n      - {name: v, interface: eth0, virtual_router_id: 0, priority: 100, vips: [10.9.0.1/24]}\n");
        c.put("keepalived bad vip", "x:\n  keepalived.config:\n    name: /etc/keepalived/keepalived.conf\n    instances:\n      - {name: v, interface: eth0, virtual_router_id: 51, priority: 100, vips: ['10.9.0.1/24 dev lo;reboot']}\n");
        c.put("keepalived interface injection", "x:\n  keepalived.config:\n    name: /etc/keepalived/keepalived.conf\n    instances:\n      - {name: v, interface: 'eth0 }', virtual_router_id: 51, priority: 100, vips: [10.9.0.1/24]}\n");
        c.put("ifupdown address injection", "x:\n  network.ifupdown: {name: eth0, addresses: [\"10.0.0.5/24\\nup touch /tmp/x\"]}\n");
        c.put("ifupdown dns injection", "x:\n  network.ifupdown: {name: eth0, addresses: [10.0.0.5/24], dns: ['1.1.1.1;id']}\n");
        c.put("ifupdown iface", "x:\n  network.ifupdown: {name: 'eth0;id', addresses: [10.0.0.5/24]}\n");
        c.put("pkg name injection", "x:\n  pkg.installed: {name: 'keepalived; id'}\n");
        c.put("service name injection", "x:\n  service.running: {name: 'ssh; id'}\n");
        return c;
    }

    /** Ansible INI inventories: ranges that would multiply without bound, numbers too large. */
    private static Map<String, String> ansibleCases() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("nested ranges", "[web]\nh[0:9999][0:9999]\n");
        c.put("ranges over the cap", "[web]\nh[0:99][0:99][0:1]\n");
        c.put("a number past int", "[web]\nh[0:99999999999]\n");
        c.put("a range backwards", "[web]\nh[9:1]\n");
        return c;
    }

    /** Saved plans read by apply --plan: refused before any host is read. */
    private static Map<String, String> planCases() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("not JSON", "{\"kind\": ");
        c.put("another kind", "{\"kind\": \"report\", \"format_version\": 2}");
        c.put("an old format", "{\"kind\": \"plan\", \"format_version\": 1}");
        c.put("a bad salt", "{\"kind\": \"plan\", \"format_version\": 2, \"secrets\": {\"salt\": \"$(id)\", \"digest\": \"x\"}}");
        c.put("a bad time", "{\"kind\": \"plan\", \"format_version\": 2, \"created_at\": \"yesterday\", \"secrets\": {\"salt\": \"00112233445566778899aabbccddeeff\"}}");
        return c;
    }

    /** Options refused before anything is read from a host. */
    private static Map<String, List<String>> optionCases() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("timeout 0", List.of("check", "--timeout", "0"));
        c.put("timeout -5", List.of("check", "--timeout", "-5"));
        c.put("timeout text", List.of("check", "--timeout", "soon"));
        c.put("forks 0", List.of("check", "--forks", "0"));
        c.put("forks -1", List.of("check", "--forks", "-1"));
        c.put("serial 0", List.of("apply", "--serial", "0"));
        c.put("max-fail 0", List.of("apply", "--max-fail", "0"));
        c.put("wait-lock -1", List.of("apply", "--wait-lock", "-1"));
        c.put("limit bad glob", List.of("check", "--limit", "a(*"));
        c.put("limit bracket", List.of("check", "--limit", "[a"));
        c.put("limit nothing", List.of("check", "--limit", "zz"));
        c.put("limit empty", List.of("check", "--limit", ""));
        c.put("format xml", List.of("check", "--format", "xml"));
        c.put("connection tcp", List.of("check", "--connection", "tcp"));
        c.put("connect-timeout 0", List.of("check", "--connect-timeout", "0"));
        c.put("unknown option", List.of("check", "--colour"));
        c.put("states missing", List.of("check", "--states", "/nonexistent-hastate"));
        c.put("unknown state", List.of("check", "no.such.state"));
        c.put("watch listen beyond loopback in clear", List.of("watch", "--states", "none", "--listen", "0.0.0.0:9177"));
        c.put("watch listen no port", List.of("watch", "--states", "none", "--listen", "127.0.0.1"));
        c.put("watch tls cert without key", List.of("watch", "--states", "none", "--tls-cert", "/nonexistent-hastate.crt"));
        c.put("watch token file missing", List.of("watch", "--states", "none", "--auth-token-file", "/nonexistent-hastate-token"));
        c.put("watch token and basic auth", List.of("watch", "--states", "none", "--auth-token-file", "/a", "--basic-auth-file", "/b"));
        c.put("watch db url with a password", List.of("watch", "--states", "none", "--db-url", "jdbc:postgresql://localhost/h?password=x"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRefusedInOneLine() throws Exception {
        Path states = Files.createDirectories(dir.resolve("states"));
        Files.writeString(states.resolve("top.yaml"), "'*': [ok]\n");
        Files.writeString(states.resolve("ok.yaml"), "ok:\n  file.directory: {name: " + dir.resolve("untouched") + "}\n");
        Files.writeString(dir.resolve("good.yaml"), inventory("{connection: local}", "", "{}"));
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (var e : inventoryCases().entrySet()) {
            Path f = dir.resolve("inv" + (n++) + ".yaml");
            Files.writeString(f, e.getValue());
            tests.add(DynamicTest.dynamicTest("inventory: " + e.getKey(), () -> refused(f.toString(), true, "check", "-i", f.toString())));
        }
        for (var e : yamlCases().entrySet()) {
            Path f = dir.resolve("yaml" + (n++) + ".yaml");
            Files.writeString(f, e.getValue());
            tests.add(DynamicTest.dynamicTest("yaml: " + e.getKey(), () -> refused(f.toString(), true, "check", "-i", f.toString())));
        }
        Files.write(dir.resolve("utf8.yaml"), new byte[]{'h', 'o', 's', 't', 's', ':', '\n', ' ', ' ', 'a', ':', ' ', (byte) 0xc3, (byte) 0x28, '\n'});
        tests.add(DynamicTest.dynamicTest("yaml: invalid UTF-8", () -> refused(dir.resolve("utf8.yaml").toString(), true, "check", "-i", dir.resolve("utf8.yaml").toString())));
        for (var e : stateCases().entrySet()) {
            Path tree = Files.createDirectories(dir.resolve("tree" + (n++)));
            Files.writeString(tree.resolve("bad.yaml"), e.getValue());
            tests.add(DynamicTest.dynamicTest("state: " + e.getKey(), () -> refused(tree.resolve("bad.yaml").toString(), true,
                    "check", "-i", dir.resolve("good.yaml").toString(), "--states", tree.toString(), "bad")));
        }
        Path linked = Files.createDirectories(dir.resolve("linked-tree"));
        Files.writeString(linked.resolve("top.yaml"), "'*': [evil]\n");
        Files.createSymbolicLink(linked.resolve("evil.yaml"), Path.of("/etc/passwd"));
        Path linkedInv = dir.resolve("linked.yaml");
        Files.writeString(linkedInv, "states: linked-tree\nhosts: {a: {connection: local}}\n");
        tests.add(DynamicTest.dynamicTest("state: a link out of the tree", () -> refused(linked.resolve("top.yaml").toString(), true,
                "check", "-i", linkedInv.toString())));
        for (var e : ansibleCases().entrySet()) {
            Path f = dir.resolve("ansible" + (n++) + ".ini");
            Files.writeString(f, e.getValue());
            tests.add(DynamicTest.dynamicTest("ansible: " + e.getKey(), () -> refused(f.toString(), true, "check", "-i", "ansible:" + f)));
        }
        for (var e : planCases().entrySet()) {
            Path f = dir.resolve("plan" + (n++) + ".json");
            Files.writeString(f, e.getValue());
            tests.add(DynamicTest.dynamicTest("plan: " + e.getKey(), () -> refused(null, false, "apply", "-i", dir.resolve("good.yaml").toString(), "--plan", f.toString())));
        }
        for (var e : optionCases().entrySet()) {
            List<String> args = new ArrayList<>(e.getValue());
            args.addAll(1, List.of("-i", dir.resolve("good.yaml").toString()));
            tests.add(DynamicTest.dynamicTest("option: " + e.getKey(), () -> refused(null, false, args.toArray(String[]::new))));
        }
        assertTrue(tests.size() >= 150, "corpus has " + tests.size() + " cases");
        return tests.stream();
    }

    private static void refused(String file, boolean needsLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        String e = err.toString();
        String first = e.lines().findFirst().orElse("");
        assertEquals(3, code, "exit code; out: " + cut(out.toString()) + " err: " + cut(e));
        assertFalse(e.contains("\tat ") || e.contains("Exception:") && !first.startsWith("hastate:"), "no stack trace: " + cut(e));
        assertTrue(e.length() < 2000, "message under 2,000 characters: " + e.length());
        assertTrue(e.lines().filter(l -> !l.startsWith("Try '")).count() == 1, "one line: " + cut(e));
        if (needsLine) {
            assertTrue(first.matches("hastate: error: " + java.util.regex.Pattern.quote(file) + ":[1-9][0-9]*: .*"), "names file:line: " + cut(first));
        }
        assertFalse(Files.exists(dir.resolve("untouched")), "nothing was changed");
    }

    private static String cut(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
