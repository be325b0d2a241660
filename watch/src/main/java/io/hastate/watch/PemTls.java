package io.hastate.watch;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS server context from PEM files as an operator has them (what Prometheus' {@code cert_file} and
 * {@code key_file} take): a certificate chain and an unencrypted PKCS#8 private key (RSA, EC or Ed25519).
 */
public final class PemTls {
    private static final Pattern KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemTls() {}

    /** Thrown with a message that says what is wrong with which file. */
    public static final class BadPem extends Exception {
        BadPem(String message) {
            super(message);
        }
    }

    public static SSLContext context(String certificates, String privateKey) throws BadPem {
        List<? extends Certificate> chain;
        try {
            chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(certificates.getBytes(StandardCharsets.US_ASCII))));
        } catch (GeneralSecurityException e) {
            throw new BadPem("the certificate file holds no PEM certificate (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) throw new BadPem("the certificate file holds no PEM certificate");
        PrivateKey key = key(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("watch", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, none);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new BadPem("the key does not go with the certificate, or cannot be used (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey key(String pem) throws BadPem {
        if (pem.contains("ENCRYPTED PRIVATE KEY")) throw new BadPem("the key file is encrypted; give it unencrypted, readable by its owner only");
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new BadPem("the key file is in the old RSA/EC form; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8");
        }
        Matcher m = KEY.matcher(pem);
        if (!m.find()) throw new BadPem("the key file holds no PEM private key (BEGIN PRIVATE KEY)");
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new BadPem("the key file's PEM is not base64");
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // Not this algorithm.
            }
        }
        throw new BadPem("the key file's key is not an RSA, EC or Ed25519 key");
    }
}
