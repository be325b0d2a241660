package io.hastate.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** hastate's version, as the build wrote it: what reports and {@code --version} say. */
public final class Version {
    private Version() {}

    private static final String TEXT = read();

    public static String text() {
        return TEXT;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
