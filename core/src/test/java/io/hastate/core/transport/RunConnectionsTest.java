package io.hastate.core.transport;

import io.hastate.core.model.Host;
import io.hastate.core.testing.FakeTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One connection per host for a run; a changing run locks each host on the run's own first use, not on a read before it. */
@Timeout(30)
class RunConnectionsTest {
    final Host web = new Host("web", "10.0.0.1", 22, null, null, Host.Become.NONE, Host.Connection.SSH, java.util.Map.of(), io.hastate.core.model.Location.NONE);
    final List<FakeTransport> opened = new ArrayList<>();

    Connector hosts(String lockAnswer) {
        return host -> {
            FakeTransport t = new FakeTransport().answerHolds(lockAnswer);
            opened.add(t);
            return t;
        };
    }

    @Test
    void aReadTakesNoLockAndTheRunsFirstUseTakesItOnTheSameConnection() throws Exception {
        try (RunConnections run = new RunConnections(hosts("locked"), true, "tester", Duration.ZERO)) {
            run.reading().open(web).close();
            assertEquals(1, opened.size());
            assertEquals(List.of(), opened.get(0).held(), "reading before the run takes no lock");
            run.open(web);
            run.open(web);
            assertEquals(1, opened.size(), "one connection for the run");
            assertEquals(1, opened.get(0).held().size(), "the lock, taken once, on the run's first use");
        }
        assertEquals(1, opened.get(0).released(), "released at the end of the run");
        assertTrue(opened.get(0).closed());
    }

    @Test
    void aHostLockedByAnotherRunIsRefusedForTheRestOfTheRunAndItsConnectionClosed() throws Exception {
        try (RunConnections run = new RunConnections(hosts("busy root@other pid 7"), true, "tester", Duration.ZERO)) {
            run.reading().open(web);
            TransportException first = assertThrows(TransportException.class, () -> run.open(web));
            assertTrue(first.getMessage().startsWith("locked by root@other pid 7"), first.getMessage());
            assertTrue(opened.get(0).closed(), "a connection the run may not use is closed");
            assertThrows(TransportException.class, () -> run.reading().open(web), "refused for the rest of the run");
            assertEquals(1, opened.size());
        }
    }

    @Test
    void aHostNotReachedByTheReadBeforeTheRunIsNotTriedAgainInIt() {
        int[] attempts = {0};
        Connector downOnce = host -> {
            if (attempts[0]++ == 0) throw new TransportException("web: connection timed out");
            return new FakeTransport();
        };
        try (RunConnections run = new RunConnections(downOnce, true, "tester", Duration.ZERO)) {
            assertThrows(TransportException.class, () -> run.reading().open(web));
            TransportException later = assertThrows(TransportException.class, () -> run.open(web),
                    "planned without what it would have said: not changed in this run");
            assertEquals("web: connection timed out", later.getMessage());
            assertEquals(1, attempts[0]);
        }
    }
}
