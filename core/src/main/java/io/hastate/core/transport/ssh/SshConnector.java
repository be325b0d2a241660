package io.hastate.core.transport.ssh;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.OpenSSHConfig;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import io.hastate.core.model.Host;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Opens one SSH session per host (with mwiede's JSch): host keys checked against known_hosts,
 * OpenSSH's config honoured for HostName, User, Port, IdentityFile and ProxyJump, keys from files or
 * ssh-agent, fast algorithms preferred, and a limit on handshakes running at once.
 */
public final class SshConnector {
    private static final Logger log = LoggerFactory.getLogger(SshConnector.class);

    private final SshSettings settings;
    private final HostKeyPolicy hostKeys;
    private final ConfigRepository config;
    private final Semaphore handshakes;

    public SshConnector(SshSettings settings) throws TransportException {
        this.settings = settings;
        this.handshakes = new Semaphore(settings.maxHandshakes(), true);
        this.hostKeys = new HostKeyPolicy(loadKnownHosts(settings), new KnownHostsFile(settings.knownHosts()),
                settings.acceptNewHostKeys(), settings.told());
        this.config = loadConfig(settings.sshConfig());
    }

    /** The file's entries, read once; JSch gets a stream, not the path, so it never rewrites the file. */
    static HostKeyRepository loadKnownHosts(SshSettings settings) throws TransportException {
        Path file = settings.knownHosts();
        try {
            JSch jsch = new JSch();
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    jsch.setKnownHosts(in);
                }
            }
            return jsch.getHostKeyRepository();
        } catch (JSchException | IOException e) {
            throw new TransportException("cannot read known hosts file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ConfigRepository loadConfig(Path file) throws TransportException {
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            return OpenSSHConfig.parseFile(file.toString());
        } catch (IOException e) {
            throw new TransportException("cannot read SSH config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Connects and logs in; every failure is a {@link TransportException} saying what to fix. */
    public SshTransport open(Host host, String sudoPassword, Backups backups) throws TransportException {
        SshTarget target = SshTarget.resolve(host.address(), host.port(), host.user(), host.identityFile(), config);
        try {
            handshakes.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting to connect");
        }
        long start = System.nanoTime();
        try {
            Session session = connect(target, 0);
            log.debug("connected to {} in {} ms", host.name(), (System.nanoTime() - start) / 1_000_000);
            return new SshTransport(session, host.become(), sudoPassword, settings.commandTimeout(), backups);
        } finally {
            handshakes.release();
        }
    }

    private Session connect(SshTarget target, int depth) throws TransportException {
        if (depth > 4) throw new TransportException("ProxyJump chain for " + target.describe() + " is longer than 4 hops");
        Session jump = null;
        if (target.proxyJump() != null) {
            // "a,b" means: reach b through a, then the target through b.
            List<String> hops = List.of(target.proxyJump().split(","));
            SshTarget next = SshTarget.resolve(hops.get(hops.size() - 1).trim(), config);
            if (hops.size() > 1) next = next.withProxyJump(String.join(",", hops.subList(0, hops.size() - 1)));
            jump = connect(next, depth + 1);
        }
        try {
            JSch jsch = new JSch();
            jsch.setHostKeyRepository(hostKeys);
            addIdentities(jsch, target);
            Session session = jsch.getSession(target.user(), target.hostname(), target.port());
            if (jump != null) session.setProxy(new JumpProxy(jump));
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("kex", SshSettings.KEX);
            session.setConfig("server_host_key", SshSettings.HOST_KEYS);
            // Ask first for the key types known_hosts has for this host, as OpenSSH does.
            session.setConfig("prefer_known_host_key_types", "yes");
            session.setConfig("cipher.c2s", SshSettings.CIPHERS);
            session.setConfig("cipher.s2c", SshSettings.CIPHERS);
            // JSch would otherwise prove each listed algorithm works before every handshake (a
            // curve448 key pair each time, most of a check's client CPU); the JDK has all of ours.
            session.setConfig("CheckKexes", "");
            session.setConfig("CheckSignatures", "");
            session.setConfig("CheckCiphers", "");
            session.setServerAliveInterval(15_000);
            session.setServerAliveCountMax(3);
            session.connect((int) settings.connectTimeout().toMillis());
            return session;
        } catch (JSchException e) {
            if (jump != null) jump.disconnect();
            throw new TransportException(explain(target, e), e);
        } catch (RuntimeException e) {
            // JSch fails inside (a NullPointerException, say) on bytes that are not SSH: the host is at fault.
            if (jump != null) jump.disconnect();
            throw new TransportException("cannot connect to " + target.describe() + ": its answer is not SSH as JSch reads it ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private void addIdentities(JSch jsch, SshTarget target) throws JSchException, TransportException {
        if (!target.identities().isEmpty()) {
            for (String file : target.identities()) {
                if (!Files.isReadable(Path.of(file))) {
                    throw new TransportException("identity file " + file + " for " + target.describe() + " is missing or unreadable");
                }
                jsch.addIdentity(file);
            }
            return;
        }
        String agent = System.getenv("SSH_AUTH_SOCK");
        if (agent != null && Files.exists(Path.of(agent))) {
            try {
                jsch.setIdentityRepository(new AgentIdentityRepository(
                        new SSHAgentConnector(new UnixDomainSocketFactory(), Path.of(agent))));
                return;
            } catch (AgentProxyException e) {
                log.debug("ssh-agent at {} not usable: {}", agent, e.getMessage());
            }
        }
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            Path p = Path.of(System.getProperty("user.home"), ".ssh", name);
            if (Files.isReadable(p)) jsch.addIdentity(p.toString());
        }
    }

    String explain(SshTarget t, JSchException e) {
        String msg = String.valueOf(e.getMessage());
        String where = t.describe();
        if (msg.startsWith("reject HostKey")) {
            String why = hostKeys.notRecorded(t.port() == 22 ? t.hostname() : "[" + t.hostname() + "]:" + t.port());
            if (why != null) return "host key of " + where + " could not be recorded in " + settings.knownHosts() + " (" + why + "); refusing to connect";
            return "host key of " + where + " is not in " + settings.knownHosts()
                    + "; verify it and add it (ssh-keyscan), or run with --accept-new-host-keys";
        }
        if (msg.contains("HostKey has been changed")) {
            return "HOST KEY CHANGED for " + where + " (known_hosts: " + settings.knownHosts()
                    + "); refusing to connect: this may be an attack, or the host was rebuilt";
        }
        if (msg.contains("Auth fail") || msg.contains("USERAUTH fail")) {
            return "login refused for " + where + " (public key): check the user and the identity file or ssh-agent";
        }
        if (msg.contains("invalid privatekey") || msg.contains("encrypted")) {
            return "cannot use the identity for " + where + ": " + msg + " (load encrypted keys into ssh-agent)";
        }
        Throwable cause = e.getCause();
        String reason = cause != null ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : msg;
        if (msg.contains("timeout") || cause instanceof java.net.SocketTimeoutException) {
            reason = "timed out after " + settings.connectTimeout().toSeconds() + " s";
        }
        if (cause instanceof java.net.UnknownHostException) reason = t.hostname() + " does not resolve (DNS): check the name, or give the host an address";
        if (cause instanceof java.net.ConnectException) reason = "connection refused (is sshd listening on port " + t.port() + "?)";
        return "cannot connect to " + where + ": " + reason;
    }

    /** Where a host really is once OpenSSH's config is applied; inventory values win over the config. */
    record SshTarget(String alias, String hostname, int port, String user, List<String> identities, String proxyJump) {
        SshTarget withProxyJump(String jump) {
            return new SshTarget(alias, hostname, port, user, identities, jump);
        }

        String describe() {
            return user + "@" + hostname + ":" + port + (alias.equals(hostname) ? "" : " (" + alias + ")");
        }

        static SshTarget resolve(String spec, ConfigRepository config) {
            // ProxyJump syntax: [user@]host[:port]
            String user = null;
            String host = spec;
            Integer port = null;
            int at = host.indexOf('@');
            if (at >= 0) {
                user = host.substring(0, at);
                host = host.substring(at + 1);
            }
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(':') == colon) {
                port = Integer.parseInt(host.substring(colon + 1));
                host = host.substring(0, colon);
            }
            return resolve(host, port, user, null, config);
        }

        static SshTarget resolve(String alias, Integer port, String user, String identity, ConfigRepository config) {
            ConfigRepository.Config c = config == null ? null : config.getConfig(alias);
            String hostname = c != null && c.getHostname() != null ? c.getHostname() : alias;
            int p = port != null ? port : c != null && c.getPort() > 0 ? c.getPort() : 22;
            String u = user != null ? user : c != null && c.getUser() != null ? c.getUser() : System.getProperty("user.name");
            List<String> ids = new ArrayList<>();
            if (identity != null) {
                ids.add(identity);
            } else if (c != null && c.getValues("IdentityFile") != null) {
                for (String f : c.getValues("IdentityFile")) {
                    ids.add(f.startsWith("~/") ? System.getProperty("user.home") + f.substring(1) : f);
                }
            }
            String jump = c == null ? null : c.getValue("ProxyJump");
            if (jump != null && (jump.equalsIgnoreCase("none") || jump.isBlank())) jump = null;
            return new SshTarget(alias, hostname, p, u, ids, jump);
        }
    }
}
