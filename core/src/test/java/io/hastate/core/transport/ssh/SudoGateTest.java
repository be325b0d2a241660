package io.hastate.core.transport.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** sudo's side of a command's error output: when it asks, when the command has started, and what the command said. */
@Timeout(10)
class SudoGateTest {
    static void feed(SudoGate gate, String text) throws Exception {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) gate.write(b);
    }

    @Test
    void aPasswordRuleAsksThenTheCommandStarts() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SudoGate gate = new SudoGate(err);
        feed(gate, "We trust you have received the usual lecture.\n" + SudoGate.PROMPT);
        assertEquals(SudoGate.Event.ASKED, gate.next(0));
        feed(gate, "\n" + SudoGate.MARKER + "\nthe command's own error\n");
        assertEquals(SudoGate.Event.PASSED, gate.next(0));
        assertNull(gate.next(0));
        assertEquals("We trust you have received the usual lecture.\n\nthe command's own error\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aNopasswdRuleNeverAsks() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SudoGate gate = new SudoGate(err);
        feed(gate, SudoGate.MARKER + "\n" + SudoGate.PROMPT + " is only text once the command runs\n");
        assertEquals(SudoGate.Event.PASSED, gate.next(0));
        assertNull(gate.next(0), "after the marker, nothing the command prints is taken for sudo");
        assertEquals(SudoGate.PROMPT + " is only text once the command runs\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void whatSudoSaidWhenItRefusesIsKept() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SudoGate gate = new SudoGate(err);
        feed(gate, SudoGate.PROMPT + "Sorry, try again.\n" + SudoGate.PROMPT + "sudo: no password was provided\n");
        gate.close();
        assertEquals("Sorry, try again.\nsudo: no password was provided\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theMarkedCommandPrintsTheMarkerFirst() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", SudoGate.marked("sh -c 'echo out; echo err >&2'")).start();
        assertEquals(0, p.waitFor());
        assertEquals(SudoGate.MARKER + "\nerr\n", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("out\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
