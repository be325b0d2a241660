package io.hastate.core.model;

/**
 * How hastate connects over SSH, from the inventory's {@code ssh:} section; null fields take the
 * defaults (OpenSSH's files in the user's ~/.ssh).
 */
public record SshOptions(String knownHosts, String config, Integer connectTimeoutSeconds) {
    public static final SshOptions DEFAULT = new SshOptions(null, null, null);
}
