package io.hastate.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionAndManTest {
    record Ran(int exit, String out, String err) {}

    static Ran run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Ran(p.exitValue(), out, err);
    }

    @Test
    void bashLoadsTheCompletionAndItCompletesTheCommands(@TempDir Path dir) throws Exception {
        Run r = Run.of("completion", "bash");
        assertEquals(0, r.exit(), r.err());
        Path script = Files.writeString(dir.resolve("hastate.bash"), r.out());
        // bash's completion function, asked for the words after "hastate ch", offers check.
        Ran bash = run(List.of("bash", "-c", "source " + script + " && complete -p hastate && COMP_WORDS=(hastate ch) COMP_CWORD=1 "
                + "COMP_LINE='hastate ch' COMP_POINT=10 && $(complete -p hastate | sed -E 's/.*-F ([^ ]+).*/\\1/') && printf '%s\\n' \"${COMPREPLY[@]}\""));
        assertEquals(0, bash.exit(), bash.err());
        assertTrue(bash.out().contains("complete") && bash.out().lines().anyMatch(l -> l.strip().equals("check")), bash.out());
    }

    @Test
    void zshGetsTheSameScriptThroughBashcompinit() {
        Run r = Run.of("completion", "zsh");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"), r.out());
        assertEquals(3, Run.of("completion", "fish").exit());
    }

    @Test
    @Tag("external")  // groff renders the page
    void theManPageIsValidRoffAndNamesEveryCommandAndOption(@TempDir Path dir) throws Exception {
        Run r = Run.of("man");
        assertEquals(0, r.exit(), r.err());
        Path page = Files.writeString(dir.resolve("hastate.1"), r.out());
        Ran lint = run(List.of("groff", "-man", "-Tascii", "-ww", "-z", page.toString()));
        assertEquals(0, lint.exit(), lint.err());
        assertEquals("", lint.err(), "groff has no warning about the page");
        String shown = run(List.of("groff", "-man", "-Tascii", "-P", "-cbou", page.toString())).out();
        for (String expected : List.of("hastate check", "hastate watch", "--inventory=FILE", "--heal-every=DURATION", "hastate.yaml", "HASTATE_*")) {
            assertTrue(shown.contains(expected), expected + " in:\n" + shown);
        }
    }
}
