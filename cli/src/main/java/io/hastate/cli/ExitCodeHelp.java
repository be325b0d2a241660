package io.hastate.cli;

/** The exit-code lines every command's --help shares, worded once (the codes are decided in ExitCodes). */
final class ExitCodeHelp {
    static final String INVALID = "3:invalid input (nothing was changed)";
    static final String INTERNAL = "4:internal error (a bug in hastate; run again with --debug)";
    static final String INTERRUPTED = "130:interrupted (Ctrl-C or SIGTERM); the report shows what was done before";

    private ExitCodeHelp() {}
}
