package io.hastate.core.transport.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

/**
 * Checks host keys against known_hosts. An unknown host is refused unless {@code acceptNew} is set,
 * in which case its key is recorded (OpenSSH's accept-new); a changed key is always refused.
 * One instance is shared by all connections of a run, so access is synchronized.
 */
final class HostKeyPolicy implements HostKeyRepository {
    private final HostKeyRepository known;
    private final boolean acceptNew;

    HostKeyPolicy(HostKeyRepository known, boolean acceptNew) {
        this.known = known;
        this.acceptNew = acceptNew;
    }

    @Override
    public synchronized int check(String host, byte[] key) {
        int result = known.check(host, key);
        if (result == NOT_INCLUDED && acceptNew) {
            try {
                known.add(new HostKey(host, key), null);
            } catch (JSchException e) {
                return NOT_INCLUDED;
            }
            return OK;
        }
        return result;
    }

    @Override
    public synchronized void add(HostKey hostkey, UserInfo ui) {
        known.add(hostkey, ui);
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
        return known.getKnownHostsRepositoryID();
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
