package io.hastate.cli;

import io.hastate.core.testing.Fixtures;

import java.nio.file.Path;

/**
 * The inventory many command tests run on: two hosts that are this machine, paired on loopback with a
 * documentation-range VIP nobody holds (keepalived does not run here).
 */
final class LocalPair {
    private LocalPair() {}

    /** {@code inventory.yaml} in {@code dir}; {@code moreHosts} are lines added under {@code hosts:}. */
    static Path inventory(Path dir, String... moreHosts) {
        StringBuilder hosts = new StringBuilder("hosts:\n  n1: {connection: local}\n  n2: {connection: local}\n");
        for (String h : moreHosts) hosts.append("  ").append(h).append('\n');
        return Fixtures.write(dir, "inventory.yaml", hosts + """
                pairs:
                  web:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    vrrp: {virtual_router_id: 77, interface: lo, vips: [192.0.2.77/32]}
                """);
    }
}
