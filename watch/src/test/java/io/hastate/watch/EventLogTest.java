package io.hastate.watch;

import io.hastate.core.secret.Redactor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventLogTest {
    @Test
    void aKnownSecretInAnEventIsMaskedBeforeAnyoneHearsOfIt() {
        Redactor.OUTPUT.add("s3cr3t-in-an-event");
        List<WatchEvent> heard = new ArrayList<>();
        EventLog log = new EventLog(List.of(heard::add));
        log.add(List.of(new WatchEvent(Instant.EPOCH, WatchEvent.Kind.CHECK_FAILED, null, null, "bad value s3cr3t-in-an-event here")));
        assertEquals("bad value ******** here", heard.get(0).detail());
        assertEquals("bad value ******** here", log.since(Instant.EPOCH).get(0).detail());
    }
}
