package io.hastate.core.facts;

import io.hastate.core.transport.CommandResult;

import java.util.List;

/**
 * Facts of one kind that one command reads together: the stat of every path a batch asks about by one
 * {@code stat}, say, instead of one program per path. Each host spends its CPU on starting processes, so
 * a batch's cost is the number of programs it runs. A group never changes what a fact means: its split
 * hands each fact exactly what the fact's own command would have printed, and the fact's own parser reads it.
 */
public interface FactGroup {

    /** One read-only command for all {@code subjects} (no duplicates, in the order given). */
    String command(List<String> subjects);

    /**
     * What each subject's own fact command would have printed, in the order of {@code subjects}.
     * Throws {@link UntrustedRead} when the joint output cannot be split with certainty (a file changed
     * while it was read): those facts are then read again, one command each.
     */
    List<CommandResult> split(List<String> subjects, CommandResult whole) throws UntrustedRead;

    /** The joint read does not say for sure what each fact's own command would have printed. */
    final class UntrustedRead extends Exception {
        public UntrustedRead(String message) {
            super(message);
        }
    }
}
