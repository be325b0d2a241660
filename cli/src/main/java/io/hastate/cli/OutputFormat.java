package io.hastate.cli;

/** The report formats; picocli refuses any other value as invalid input. */
enum OutputFormat {
    text, json
}
