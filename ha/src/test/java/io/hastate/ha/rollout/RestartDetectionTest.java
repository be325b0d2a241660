package io.hastate.ha.rollout;

import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.Location;
import io.hastate.core.model.RestartsService;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.model.UpgradesPackage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rollout knows a keepalived restart by the typed action a state's check declared, never by its display text. */
class RestartDetectionTest {
    static StateResult result(String module, List<Change> changes, Diff.Action... actions) {
        return new StateResult(new StateRef("x", module, "any", "x", Location.NONE), Status.WOULD_CHANGE, changes, "", Duration.ZERO, List.of(actions));
    }

    @Test
    void aRestartOrAnUpgradeOfKeepalivedIsDeclaredByAnyModule() {
        assertTrue(RestartHandover.restarts(result("service", List.of(), new RestartsService("keepalived.service"))));
        assertTrue(RestartHandover.restarts(result("myplugin", List.of(), new RestartsService("keepalived"))), "a plugin's state too");
        assertTrue(RestartHandover.restarts(result("pkg", List.of(), new UpgradesPackage("keepalived", "1:2.2.7-1", "1:2.2.8-1"))));
        assertFalse(RestartHandover.restarts(result("service", List.of(), new RestartsService("haproxy.service"))));
        assertFalse(RestartHandover.restarts(result("pkg", List.of(), new UpgradesPackage("haproxy", "2.6", "2.8"))));
    }

    @Test
    void textThatLooksLikeARestartIsNotOne() {
        assertFalse(RestartHandover.restarts(result("service", List.of(Change.of("restart", null, "keepalived.service")))));
        assertFalse(RestartHandover.restarts(result("pkg", List.of(Change.of("keepalived", "1:2.2.7-1", "1:2.2.8-1")))));
    }
}
