package io.hastate.core.testing;

import io.hastate.core.model.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Helpers for tests that need files on disk. */
public final class Fixtures {
    private Fixtures() {}

    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InvalidInputException invalid(org.junit.jupiter.api.function.Executable action) {
        return assertThrows(InvalidInputException.class, action);
    }
}
