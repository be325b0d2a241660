package io.hastate.cli;

import io.hastate.api.PairMoves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "handover", mixinStandardHelpOptions = true,
        description = {"Move a pair's VIPs (or one instance's) to its other node, or --to NODE, without losing a packet.",
                "With preemption, the holder is",
                "drained (it runs at priority 1) and its peer takes over while it still answers; back to the preferred node, that node",
                "is undrained. Without preemption, the peer preempts at the highest priority for the move only. Where keepalived ignores",
                "the priority change, --allow-blip restarts the holder's keepalived instead (probes are lost). A pair of several",
                "VRRP instances moves one at a time (--instance NAME), the others staying where they are."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the VIPs are on the node asked for", "1:refused or not moved (the reason is said)", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class HandoverCommand extends PairMoveCommand {
    @Parameters(index = "0", paramLabel = "PAIR", description = "The pair whose VIPs move.")
    String pair;

    @Option(names = "--to", paramLabel = "NODE", description = "The node that should hold the VIPs (default: the one that does not).")
    String to;

    @Option(names = "--instance", paramLabel = "NAME", description = "The VRRP instance to move, alone (required for a pair of several instances).")
    String instance;

    @Option(names = "--allow-blip", description = "Where the VIPs do not move without loss, restart the holder's keepalived (probes are lost).")
    boolean allowBlip;

    @Override
    PairMoves.Outcome move(PairMoves moves) {
        return moves.handover(pair, instance, to, allowBlip);
    }
}
