package io.hastate.core.load;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file a state names (a template) only if it is a regular file inside the state tree, links
 * resolved, of a sane size, and valid UTF-8: a state cannot make hastate read /etc/shadow, a device
 * or a file without end.
 */
public final class TreeFiles {
    public static final long MAX_BYTES = 1024 * 1024;

    private TreeFiles() {}

    /** The problem with reading {@code file} is thrown as an {@link IOException} whose message says it in a few words. */
    public static String read(Path root, Path file) throws IOException {
        Path realRoot = root.toRealPath();
        Path real;
        try {
            real = file.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file");
        }
        if (!real.startsWith(realRoot)) throw new IOException("it is outside the state tree " + realRoot);
        if (!Files.isRegularFile(real)) throw new IOException("it is not a regular file");
        if (Files.size(real) > MAX_BYTES) throw new IOException("it is larger than " + MAX_BYTES / 1024 + " KiB");
        TrustedFiles.check(file, "owner and mode");
        byte[] bytes = Files.readAllBytes(real);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("it is not valid UTF-8");
        }
    }
}
