package io.hastate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hastate.core.Version;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.report.JsonReport;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** With {@code --format json}, a run that ends in an error still prints one JSON document on stdout, in the reports' envelope. */
final class ErrorDocument {
    private ErrorDocument() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static void printIfAsked(String[] args, PrintWriter out, String kind, String message, int exitCode) {
        if (!asksForJson(args)) return;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", JsonReport.FORMAT_VERSION);
        doc.put("hastate_version", Version.text());
        doc.put("exit_code", exitCode);
        doc.put("outcome", ExitCodes.describe(exitCode));
        doc.put("error", Map.of("kind", kind, "message", message == null ? "" : message));
        try {
            out.println(JSON.writeValueAsString(doc));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code --format json} or {@code --format=json} anywhere on the command line. */
    static boolean asksForJson(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--format=json")) return true;
            if (args[i].equals("--format") && i + 1 < args.length && args[i + 1].equals("json")) return true;
        }
        return false;
    }
}
