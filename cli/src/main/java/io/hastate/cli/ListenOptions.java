package io.hastate.cli;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.watch.HttpAccess;
import io.hastate.watch.PemTls;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * Where the watch listens and who may ask it. Loopback needs nothing; any other address needs TLS and
 * credentials (a bearer token or basic auth, as Prometheus' scrape configuration gives them), unless
 * the operator says --insecure-listen. Secrets come from files only their owner can read, never argv.
 */
final class ListenOptions {
    private static final Location CLI = Location.COMMAND_LINE;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9177",
            description = "HTTP address for /metrics and /api (default: ${DEFAULT-VALUE}); beyond loopback it needs --tls-cert, --tls-key and credentials.")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this PEM certificate (chain).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The certificate's PEM private key (PKCS#8, unencrypted), readable by its owner only.")
    Path tlsKey;

    @Option(names = "--auth-token-file", paramLabel = "FILE", description = "Require 'Authorization: Bearer TOKEN', the token being this file's one line (readable by its owner only).")
    Path tokenFile;

    @Option(names = "--basic-auth-file", paramLabel = "FILE", description = "Require HTTP basic auth, the file's one line being USER:PASSWORD (readable by its owner only).")
    Path basicAuthFile;

    @Option(names = "--insecure-listen", description = "Allow --listen beyond loopback without TLS and credentials (anyone who reaches the port sees the fleet's state).")
    boolean insecure;

    HttpAccess access() {
        InetSocketAddress address = address(listen);
        if (address.isUnresolved()) throw new InvalidInputException(CLI, "--listen", "cannot resolve " + address.getHostString());
        if ((tlsCert == null) != (tlsKey == null)) throw new InvalidInputException(CLI, tlsCert == null ? "--tls-cert" : "--tls-key", "give --tls-cert and --tls-key together");
        if (tokenFile != null && basicAuthFile != null) throw new InvalidInputException(CLI, "--basic-auth-file", "give a token or basic auth, not both");
        SSLContext tls = tlsCert == null ? null : tls();
        String token = tokenFile == null ? null : secretLine(tokenFile, "--auth-token-file");
        String user = null;
        String password = null;
        if (basicAuthFile != null) {
            String line = secretLine(basicAuthFile, "--basic-auth-file");
            int colon = line.indexOf(':');
            if (colon < 1 || colon == line.length() - 1) throw new InvalidInputException(new Location(basicAuthFile.toString(), 1), "--basic-auth-file", "must be one line USER:PASSWORD");
            user = line.substring(0, colon);
            password = line.substring(colon + 1);
            io.hastate.core.secret.Redactor.OUTPUT.add(password);
        }
        if (token != null) io.hastate.core.secret.Redactor.OUTPUT.add(token);
        HttpAccess access = new HttpAccess(address, tls, token, user, password);
        if (!access.loopback() && !insecure && (tls == null || (token == null && user == null))) {
            throw new InvalidInputException(CLI, "--listen", address.getHostString() + " is not loopback: give --tls-cert, --tls-key and --auth-token-file "
                    + "or --basic-auth-file, or say --insecure-listen");
        }
        return access;
    }

    private SSLContext tls() {
        try {
            return PemTls.context(Files.readString(tlsCert, StandardCharsets.US_ASCII), secretText(tlsKey, "--tls-key"));
        } catch (PemTls.BadPem e) {
            throw new InvalidInputException(CLI, "--tls-cert", e.getMessage());
        } catch (IOException e) {
            throw new InvalidInputException(new Location(tlsCert.toString(), 0), "--tls-cert", "cannot read: " + e.getMessage());
        }
    }

    /** A secret file: ours or root's, read and written by nobody else, not a link. */
    private static String secretText(Path file, String option) {
        Location at = new Location(file.toString(), 0);
        try {
            if (Files.isSymbolicLink(file)) throw new InvalidInputException(at, option, "is a link; give the file itself");
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 077) != 0) throw new InvalidInputException(at, option, String.format("is readable or writable by others (mode %04o): chmod 600 it", mode & 07777));
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(at, option, "cannot read: " + e.getMessage());
        }
    }

    private static String secretLine(Path file, String option) {
        String text = secretText(file, option).strip();
        if (text.isEmpty() || text.contains("\n")) throw new InvalidInputException(new Location(file.toString(), 0), option, "must hold exactly one line");
        return text;
    }

    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || !text.substring(colon + 1).matches("\\d{1,5}") || Integer.parseInt(text.substring(colon + 1)) > 65535) {
            throw new InvalidInputException(CLI, "--listen", "must be HOST:PORT, like 127.0.0.1:9177, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return new InetSocketAddress(host, Integer.parseInt(text.substring(colon + 1)));
    }
}
