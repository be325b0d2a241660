package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the watch listens and who may ask it: beyond loopback only with TLS and credentials; secrets in private files. */
@Timeout(120)
class WatchListenTest {
    @TempDir
    Path dir;

    Path inventory() {
        return Fixtures.write(dir, "inventory.yaml", "hosts:\n  me: {connection: local}\n");
    }

    Path secret(String name, String text) throws Exception {
        Path f = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void beyondLoopbackWithoutTlsAndCredentialsIsRefused() throws Exception {
        Run r = Run.of("watch", "-i", inventory().toString(), "--states", "none", "--listen", "0.0.0.0:0", "--for", "1s", "--db", dir.resolve("h.db").toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("--listen") && r.err().contains("is not loopback") && r.err().contains("--insecure-listen"), r.err());
        Path token = secret("token", "t0ken-value\n");
        Run tokenOnly = Run.of("watch", "-i", inventory().toString(), "--states", "none", "--listen", "0.0.0.0:0", "--auth-token-file", token.toString(),
                "--for", "1s", "--db", dir.resolve("h.db").toString());
        assertEquals(3, tokenOnly.exit(), "a token over plain HTTP travels in clear: " + tokenOnly.err());
    }

    @Test
    void aSecretFileOthersMayReadIsRefused() throws Exception {
        Path token = secret("token", "t0ken-value\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        Run r = Run.of("watch", "-i", inventory().toString(), "--states", "none", "--auth-token-file", token.toString(), "--for", "1s",
                "--db", dir.resolve("h.db").toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("--auth-token-file") && r.err().contains("chmod 600"), r.err());
    }

    @Test
    void aDatabaseUrlWithAPasswordIsRefused() {
        Run r = Run.of("watch", "-i", inventory().toString(), "--states", "none", "--for", "1s", "--db-url", "jdbc:postgresql://localhost/h?user=u&password=Sekr1t");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("PGPASSWORD") && !r.err().contains("Sekr1t"), r.err());
    }

    @Test
    void httpsWithABearerTokenAnswersOnlyWhoGivesIt() throws Exception {
        Path store = dir.resolve("w.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "w",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("w");
        Path certFile = Files.writeString(dir.resolve("w.crt"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyFile = secret("w.key", pem("PRIVATE KEY", ks.getKey("w", "changeit".toCharArray()).getEncoded()));
        Path token = secret("token", "t0ken-value\n");

        StringWriter err = new StringWriter();
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> Main.execute(new String[]{"watch", "-i", inventory().toString(),
                "--states", "none", "--listen", "127.0.0.1:0", "--tls-cert", certFile.toString(), "--tls-key", keyFile.toString(),
                "--auth-token-file", token.toString(), "--for", "6s", "--db", dir.resolve("h.db").toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)));
        String base = null;
        for (int i = 0; i < 400 && base == null && !watch.isDone(); i++) {
            Matcher m = Pattern.compile("(https://127\\.0\\.0\\.1:\\d+)/metrics").matcher(err.toString());
            if (m.find()) base = m.group(1);
            else Thread.sleep(25);
        }
        assertTrue(base != null, "the watch says where it listens: " + err);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("w", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(client).build();
        HttpResponse<String> without = https.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, without.statusCode());
        assertTrue(without.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), without.headers().toString());
        HttpResponse<String> wrong = https.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> with = https.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Authorization", "Bearer t0ken-value").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, with.statusCode());
        assertTrue(with.body().contains("hastate_host_up"), with.body());
        assertEquals(0, watch.get());
    }

    static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + kind + "-----\n";
    }
}
