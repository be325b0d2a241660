package io.hastate.watch;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * Who may ask the watch's HTTP server, and how: TLS or not, a bearer token or basic auth (what
 * Prometheus' scrape configuration offers), and, on loopback, only requests that name loopback as their
 * {@code Host} (a web page elsewhere cannot reach it through a DNS name that now points here).
 */
public record HttpAccess(InetSocketAddress listen, SSLContext tls, String bearerToken, String basicUser, String basicPassword) {
    /** Plain HTTP on {@code listen}, nobody asked for credentials: for loopback. */
    public static HttpAccess open(InetSocketAddress listen) {
        return new HttpAccess(listen, null, null, null, null);
    }

    public boolean loopback() {
        return listen.getAddress() != null && listen.getAddress().isLoopbackAddress();
    }

    /** Whether a request whose {@code Host} names {@code host} and {@code port} (-1: none) is for us; only checked on loopback. */
    boolean hostAllowed(String host, int port, int localPort) {
        if (!loopback()) return true;
        if (host == null || (port != -1 && port != localPort)) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1") || h.equals(listen.getAddress().getHostAddress());
    }

    /** Whether the {@code Authorization} header gives what this server asks for (nothing asked: yes). */
    boolean authorized(String authorization) {
        if (bearerToken == null && basicUser == null) return true;
        if (authorization == null) return false;
        if (bearerToken != null && same(authorization, "Bearer " + bearerToken)) return true;
        if (basicUser != null) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((basicUser + ":" + basicPassword).getBytes(StandardCharsets.UTF_8));
            return same(authorization, expected);
        }
        return false;
    }

    /** The value of {@code WWW-Authenticate} on a 401. */
    String challenge() {
        return basicUser != null ? "Basic realm=\"hastate watch\", charset=\"UTF-8\"" : "Bearer realm=\"hastate watch\"";
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "HttpAccess[" + listen + (tls != null ? ", tls" : "") + (bearerToken != null ? ", bearer" : "") + (basicUser != null ? ", basic" : "") + "]";
    }
}
