package io.hastate.core.transport.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks host keys against known_hosts. An unknown host is refused unless {@code acceptNew} is set;
 * then its key is appended to the file before the connection goes on (OpenSSH's accept-new), so the
 * next run, with or without the flag, pins it. A key that cannot be recorded is refused, with the reason
 * kept for the error message. A changed key is always refused, and so is a key of a new type for a host
 * known under another. One instance serves all connections.
 */
final class HostKeyPolicy implements HostKeyRepository {
    private final HostKeyRepository known;
    private final KnownHostsFile file;
    private final boolean acceptNew;
    private final Map<String, String> notRecorded = new ConcurrentHashMap<>();
    private final java.util.function.Consumer<String> told;

    /** {@code known}: the file's entries, loaded so that JSch itself never writes the file; {@code told} hears each key accepted. */
    HostKeyPolicy(HostKeyRepository known, KnownHostsFile file, boolean acceptNew, java.util.function.Consumer<String> told) {
        this.known = known;
        this.file = file;
        this.acceptNew = acceptNew;
        this.told = told;
    }

    HostKeyPolicy(HostKeyRepository known, KnownHostsFile file, boolean acceptNew) {
        this(known, file, acceptNew, line -> { });
    }

    /** OpenSSH's fingerprint of a key blob: SHA256, base64 without padding. */
    static String fingerprint(byte[] key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    /** Why the key of {@code host} was not recorded, or null. */
    String notRecorded(String host) {
        return notRecorded.get(host);
    }

    @Override
    public synchronized int check(String host, byte[] key) {
        int result = known.check(host, key);
        // A host known under any key type must show a known key: JSch says NOT_INCLUDED for a host that
        // now offers only another type, which is how a downgrade to a weaker or stolen key would look.
        if (result == NOT_INCLUDED && isKnown(host)) return CHANGED;
        if (result != NOT_INCLUDED || !acceptNew) return result;
        try {
            HostKey accepted = new HostKey(host, key);
            file.append(accepted.getHost(), accepted.getType(), accepted.getKey());
            known.add(accepted, null);
            // Trust on first use is only as good as the fingerprint someone can compare: say it.
            told.accept("host key of " + host + " accepted: " + accepted.getType() + " " + fingerprint(key) + ", recorded in " + file.path());
            return OK;
        } catch (JSchException | IOException e) {
            notRecorded.put(host, e.getMessage());
            return NOT_INCLUDED;
        }
    }

    private boolean isKnown(String host) {
        HostKey[] keys = known.getHostKey(host, null);
        if (keys == null) return false;
        for (HostKey k : keys) {
            if (k.getMarker() == null || k.getMarker().isEmpty()) return true;
        }
        return false;
    }

    @Override
    public synchronized void add(HostKey hostkey, UserInfo ui) {
        throw new UnsupportedOperationException("hastate records host keys only through its accept-new check");
    }

    @Override
    public synchronized void remove(String host, String type) {
        throw new UnsupportedOperationException("hastate never removes known host keys");
    }

    @Override
    public synchronized void remove(String host, String type, byte[] key) {
        throw new UnsupportedOperationException("hastate never removes known host keys");
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.path().toString();
    }

    @Override
    public synchronized HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public synchronized HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }
}
