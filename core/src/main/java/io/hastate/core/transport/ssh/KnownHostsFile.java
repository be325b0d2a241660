package io.hastate.core.transport.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The known_hosts file hastate records accepted keys in: one line appended per key, never a rewrite
 * of what the user keeps there. A missing file is created 0600 in a 0700 folder, as OpenSSH does.
 */
final class KnownHostsFile {
    private final Path file;

    KnownHostsFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Appends {@code host type base64} and forces it to disk; any failure is an IOException saying why. */
    synchronized void append(String host, String type, String base64Key) throws IOException {
        if (host.contains(" ") || host.contains("\n") || type.contains(" ") || base64Key.contains("\n")) {
            throw new IOException("refusing to record a malformed host key entry for " + host);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // Appended to as it is.
        }
        byte[] existing = Files.readAllBytes(file);
        String prefix = existing.length > 0 && existing[existing.length - 1] != '\n' ? "\n" : "";
        String line = prefix + host + " " + type + " " + base64Key + "\n";
        Files.write(file, line.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }
}
