package io.hastate.cli;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.secret.PrivateFiles;
import io.hastate.core.report.HtmlReport;
import io.hastate.core.report.RunReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --html FILE}: the run's report as a page, written whole (readable by its owner only) or not at all. */
final class HtmlReportFile {
    private final Path file;

    private HtmlReportFile(Path file) {
        this.file = file;
    }

    /** Checked before the run starts, so that a run is never done for a report that cannot be written. */
    static HtmlReportFile at(Path file) {
        if (file == null) return null;
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--html", "cannot write " + file + ": its folder is missing or not writable");
        }
        if (Files.isDirectory(file)) throw new InvalidInputException(Location.COMMAND_LINE, "--html", file + " is a folder");
        return new HtmlReportFile(file);
    }

    void write(RunReport report) {
        try {
            PrivateFiles.write(file, new HtmlReport().render(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTML report " + file, e);
        }
    }
}
