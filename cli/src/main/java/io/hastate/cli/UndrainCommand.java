package io.hastate.cli;

import io.hastate.api.PairMoves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "undrain", mixinStandardHelpOptions = true,
        description = {"Undrain a node: it runs at its declared priorities again, and takes back the VIPs it prefers without loss.",
                "Its marks go (the node's, and those of instances handed over one by one) and its keepalived",
                "runs at its declared priorities again; with preemption the preferred node takes its VIPs back, without loss."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:undrained", "1:refused or not moved (the reason is said)", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class UndrainCommand extends PairMoveCommand {
    @Parameters(index = "0", paramLabel = "NODE", description = "The node to undrain.")
    String node;

    @Override
    PairMoves.Outcome move(PairMoves moves) {
        return moves.undrain(node);
    }
}
