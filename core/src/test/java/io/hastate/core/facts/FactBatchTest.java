package io.hastate.core.facts;

import io.hastate.core.testing.FakeTransport;
import io.hastate.core.transport.CommandResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the cache sends grouped facts: one command per group, own commands otherwise, and again alone when a split fails. */
class FactBatchTest {
    /** Reads "words": its joint command names every subject, and its output is one line per subject. */
    private static final class Words implements FactGroup {
        boolean trusted = true;

        @Override
        public String command(List<String> subjects) {
            return "words " + String.join(" ", subjects);
        }

        @Override
        public List<CommandResult> split(List<String> subjects, CommandResult whole) throws UntrustedRead {
            if (!trusted) throw new UntrustedRead("changed while read");
            String[] lines = whole.stdoutText().split("\n");
            List<CommandResult> each = new ArrayList<>();
            for (String line : lines) each.add(CommandResult.ok(line));
            return each;
        }
    }

    private static Fact<String> word(Words group, String subject) {
        return new Fact<>("word:" + subject, "word " + subject, (out, rc) -> out.strip(), Scope.everything(), new Fact.Joint(group, subject));
    }

    @Test
    void oneCommandPerGroupAndOwnCommandsForTheRest() throws Exception {
        Words group = new Words();
        Fact<String> a = word(group, "a"), b = word(group, "b");
        Fact<String> alone = new Fact<>("alone", "alone", (out, rc) -> out.strip());
        FakeTransport t = new FakeTransport().reply("words a b", "A\nB\n").reply("alone", "X");
        FactCache cache = new FactCache(t);
        FactValues values = cache.view(List.of(a, alone, b));
        assertEquals(List.of("words a b", "alone"), t.commands());
        assertEquals("A", values.get(a));
        assertEquals("B", values.get(b));
        assertEquals("X", values.get(alone));
        assertEquals(1, cache.roundTrips());
    }

    @Test
    void aGroupOfOneUsesTheFactsOwnCommand() throws Exception {
        Words group = new Words();
        Fact<String> a = word(group, "a");
        FakeTransport t = new FakeTransport().reply("word a", "A");
        assertEquals("A", new FactCache(t).view(List.of(a)).get(a));
        assertEquals(List.of("word a"), t.commands());
    }

    @Test
    void aGroupThatReturnsTooFewResultsIsNotTrusted() throws Exception {
        Words group = new Words();
        Fact<String> a = word(group, "a"), b = word(group, "b");
        // One line for two subjects: the split gives one result.
        FakeTransport t = new FakeTransport().reply("words a b", "A\n").reply("word a", "A").reply("word b", "B");
        FactValues values = new FactCache(t).view(List.of(a, b));
        assertEquals("B", values.get(b));
        assertEquals(List.of("words a b", "word a", "word b"), t.commands());
    }

    @Test
    void anUntrustedJointReadIsReadAgainFactByFact() throws Exception {
        Words group = new Words();
        group.trusted = false;
        Fact<String> a = word(group, "a"), b = word(group, "b");
        FakeTransport t = new FakeTransport().reply("words a b", "stale\nstale\n").reply("word a", "A").reply("word b", "B");
        FactCache cache = new FactCache(t);
        FactValues values = cache.view(List.of(a, b));
        assertEquals(List.of("words a b", "word a", "word b"), t.commands());
        assertEquals("A", values.get(a));
        assertEquals("B", values.get(b));
        assertEquals(2, cache.roundTrips());
    }
}
