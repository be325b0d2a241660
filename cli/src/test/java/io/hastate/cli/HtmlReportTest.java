package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --html FILE}: a self-contained drift report, read as a user sees it in headless chromium. */
class HtmlReportTest {
    @TempDir
    Path dir;

    private Path inventory() {
        Fixtures.write(dir, "states/top.yaml", "'*': [marker, other]\n");
        Fixtures.write(dir, "states/marker.yaml", """
                marker:
                  file.managed:
                    name: "%s/{{ host.name }}.conf"
                    content: "wanted <b>line</b>\\n"
                """.formatted(dir));
        Fixtures.write(dir, "states/other.yaml", """
                other:
                  file.managed:
                    name: "%s/{{ host.name }}.other"
                    content: "same\\n"
                """.formatted(dir));
        return LocalPair.inventory(dir);
    }

    @Test
    @Tag("external")  // Debian's chromium reads the page
    void pairsComeFirstThenHostsAndTheirDiffsOnAPageThatNeedsNothingElse() throws Exception {
        Path inv = inventory();
        Files.writeString(dir.resolve("n1.conf"), "by hand\n");
        for (String h : new String[] {"n1", "n2"}) Files.writeString(dir.resolve(h + ".other"), "same\n");
        Path page = dir.resolve("report.html");
        Run check = Run.of("check", "-i", inv.toString(), "--states", dir.resolve("states").toString(), "--html", page.toString());
        assertEquals(2, check.exit(), check.err());
        assertTrue(check.out().contains("RECAP"), "the text report still goes to stdout");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)), "a report may show configuration: its owner's only");

        try (Browser browser = Browser.open(page.toUri().toString(), Files.createDirectories(dir.resolve("chromium")))) {
            String text = browser.await("Hosts", 10);
            int pairs = text.indexOf("PAIRS (live)");
            int hosts = text.indexOf("Hosts");
            int n1 = text.indexOf("\nn1\n", hosts);
            assertTrue(pairs >= 0 && pairs < hosts && hosts < n1, "pairs, then the hosts' table, then each host:\n" + text);
            assertTrue(text.contains("web  192.0.2.77/32  held by nobody"), text);
            assertTrue(text.contains("-by hand") && text.contains("+wanted <b>line</b>"), "the diff, as text, not markup:\n" + text);
            assertTrue(text.contains("1 other state(s) in sync"), text);
            assertEquals(0, browser.evaluate("document.getElementsByTagName('b').length - document.querySelectorAll('.state > b').length").asInt(),
                    "no element came from the host's content");
            assertEquals(0, browser.evaluate("performance.getEntriesByType('resource').length").asInt(), "self-contained: nothing else is loaded");
            assertEquals("rgb(176, 0, 32)", browser.evaluate("getComputedStyle(document.querySelector('.del')).color").asText(),
                    "the page's own style applies (a removed line is red)");
            assertEquals("drift found", browser.evaluate("document.querySelector('h1 span').textContent").asText());
        }
    }

    @Test
    void aReportThatCannotBeWrittenIsBadInputBeforeAnythingRuns() {
        Path inv = inventory();
        Run r = Run.of("apply", "-i", inv.toString(), "--states", dir.resolve("states").toString(), "--no-rollout",
                "--html", dir.resolve("missing/report.html").toString());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("--html"), r.err());
        assertFalse(Files.exists(dir.resolve("n1.conf")), "nothing was applied");
    }
}
