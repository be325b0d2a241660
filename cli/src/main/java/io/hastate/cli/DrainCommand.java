package io.hastate.cli;

import io.hastate.api.PairMoves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = {"Drain a node for maintenance: it gives its VIPs to its peer without loss, and takes them back when undrained.",
                "A mark on the node makes its keepalived run at priority 1, so it gives its",
                "VIPs to its peer without loss and takes them back only when undrained (check, apply and watch keep it drained).",
                "Refused when the peer is no ready standby."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:drained, the VIPs on the peer", "1:refused or not moved (the reason is said)", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class DrainCommand extends PairMoveCommand {
    @Parameters(index = "0", paramLabel = "NODE", description = "The node to drain.")
    String node;

    @Option(names = "--allow-blip", description = "Where the VIPs do not move without loss, restart the node's keepalived (probes are lost).")
    boolean allowBlip;

    @Override
    PairMoves.Outcome move(PairMoves moves) {
        return moves.drain(node, allowBlip);
    }
}
