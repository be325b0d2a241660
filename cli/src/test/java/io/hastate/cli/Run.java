package io.hastate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the hastate command in this JVM: its exit code and what it printed. */
record Run(int exit, String out, String err) {
    static Run of(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Run(code, o.toString(), e.toString());
    }

    /** A run from {@code workingDir} with only {@code env} as its environment. */
    static Run in(java.nio.file.Path workingDir, java.util.Map<String, String> env, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.execute(args, new PrintWriter(o, true), new PrintWriter(e, true), workingDir, env);
        return new Run(code, o.toString(), e.toString());
    }
}
