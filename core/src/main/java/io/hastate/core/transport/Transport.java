package io.hastate.core.transport;

import java.io.IOException;
import java.util.List;

/**
 * How hastate talks to one host: run a command, write a file, read a file. Kept narrow so that a
 * host needs one connection, and so that check mode, which only reads facts, cannot change anything.
 */
public interface Transport extends AutoCloseable {

    /** Runs {@code command} with {@code sh -c}, feeding {@code stdin} (may be null). */
    CommandResult run(String command, byte[] stdin) throws TransportException;

    default CommandResult run(String command) throws TransportException {
        return run(command, null);
    }

    /** Runs several read-only commands in one round trip and returns one result per command. */
    default List<CommandResult> runBatch(List<String> commands) throws TransportException {
        BatchScript script = BatchScript.of(commands);
        CommandResult whole = run(script.text(), null);
        return script.split(whole);
    }

    /**
     * Replaces {@code path} atomically (temporary file in the same directory, then rename), with the
     * given mode and owner, after copying the current file to {@link #backups()}.
     */
    default void writeFile(String path, byte[] content, FileAttributes attributes) throws TransportException, FileWriteException {
        AtomicWrite.run(this, path, content, attributes);
    }

    default byte[] readFile(String path) throws TransportException, FileWriteException {
        CommandResult r = run("cat -- " + Shell.quote(path));
        if (!r.ok()) throw new FileWriteException("reading " + path + " failed: " + r.describe());
        return r.stdout();
    }

    /** Where replaced and removed files are copied first, keeping their full path below it. */
    default Backups backups() {
        return Backups.DEFAULT;
    }

    /**
     * Starts a command that keeps running until the returned handle is closed (its stdin then ends),
     * and returns once the command has printed its first line, which the handle carries.
     */
    Held hold(String command, java.time.Duration firstLineWithin) throws TransportException;

    /** A command left running on the host; closing it ends the command. */
    interface Held extends AutoCloseable {
        String firstLine();

        /**
         * The command's next line of output, waiting for it (lines over 4 KiB are cut); null once the
         * command or the connection has ended. A held command that follows events (a monitor) is read
         * this way.
         */
        default String nextLine() throws IOException {
            throw new UnsupportedOperationException("this transport cannot follow a command's output");
        }

        /** The command's output as bytes, for a caller that frames it itself (a shell kept open for commands). */
        default java.io.InputStream output() {
            throw new UnsupportedOperationException("this transport cannot stream a held command's output");
        }

        /** The command's input, open until the handle is closed. */
        default java.io.OutputStream input() {
            throw new UnsupportedOperationException("this transport cannot write to a held command");
        }

        @Override
        void close();
    }

    @Override
    void close();
}
