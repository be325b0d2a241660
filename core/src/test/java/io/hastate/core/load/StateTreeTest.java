package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A state named on the command line that the tree does not have: the message names what was looked for and what was probably meant. */
class StateTreeTest {
    @TempDir
    Path dir;

    @Test
    void aMistypedStateNameGetsTheNearestNamesTheTreeHas() {
        Fixtures.write(dir, "states/ha/init.yaml", "{}\n");
        Fixtures.write(dir, "states/ha/keepalived.yaml", "{}\n");
        Fixtures.write(dir, "states/web.yaml", "{}\n");
        StateTree tree = new StateTree(dir.resolve("states"));
        InvalidInputException typo = assertThrows(InvalidInputException.class, () -> tree.load(List.of("hq"), Location.COMMAND_LINE));
        assertTrue(typo.getMessage().startsWith("command line: state 'hq' not found (looked for "), typo.getMessage());
        assertTrue(typo.getMessage().endsWith("; did you mean ha?"), typo.getMessage());
        InvalidInputException nested = assertThrows(InvalidInputException.class, () -> tree.load(List.of("ha.keepalive"), Location.COMMAND_LINE));
        assertTrue(nested.getMessage().endsWith("; did you mean ha.keepalived?"), nested.getMessage());
        InvalidInputException far = assertThrows(InvalidInputException.class, () -> tree.load(List.of("database"), Location.COMMAND_LINE));
        assertTrue(!far.getMessage().contains("did you mean"), "nothing close: no guess: " + far.getMessage());
    }

    @Test
    void theCommandLinesLocationReadsAsSuch() {
        assertEquals("command line", Location.COMMAND_LINE.toString());
    }
}
