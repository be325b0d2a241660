package io.hastate.core.transport.ssh;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the SSH transport connects. {@code sshConfig} may be null (no OpenSSH config). Handshakes cost
 * CPU on both ends, so at most {@code maxHandshakes} run at once. {@code told} hears what the user must
 * know of a connection as it happens (a host key accepted and recorded).
 */
public record SshSettings(Path knownHosts, boolean acceptNewHostKeys, Path sshConfig, Duration connectTimeout,
                          Duration commandTimeout, int maxHandshakes, java.util.function.Consumer<String> told) {

    public SshSettings(Path knownHosts, boolean acceptNewHostKeys, Path sshConfig, Duration connectTimeout, Duration commandTimeout, int maxHandshakes) {
        this(knownHosts, acceptNewHostKeys, sshConfig, connectTimeout, commandTimeout, maxHandshakes, line -> { });
    }

    /** Preferred first, widely supported fallbacks after: fast on hastate's own hosts, still works elsewhere. */
    static final String KEX = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha256";
    static final String HOST_KEYS = "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256";
    static final String CIPHERS = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes256-ctr";

    public static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    public static Path defaultConfig() {
        return Path.of(System.getProperty("user.home"), ".ssh", "config");
    }
}
