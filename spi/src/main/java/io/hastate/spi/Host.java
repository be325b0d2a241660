package io.hastate.spi;

/** The host a state is applied to. A lost connection ends the run; a function need not handle it. */
public interface Host {

    /** Runs {@code command} with {@code sh -c}. */
    Result run(String command);

    /** Runs {@code command} with {@code sh -c}, feeding it {@code stdin}. */
    Result run(String command, byte[] stdin);

    /**
     * Replaces the file at {@code path} atomically with {@code content}, after copying the current
     * one to hastate's backups; {@code mode} (octal, e.g. "0644") may be null to keep or default it.
     *
     * @throws ApplyFailed when the host refused the write
     */
    void write(String path, byte[] content, String mode) throws ApplyFailed;
}
