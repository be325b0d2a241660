package io.hastate.core.secret;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactorTest {
    @Test
    void longSecretsAreMaskedAnywhereShortOnesAsWholeWords() {
        Redactor r = new Redactor(Set.of("s3cret", "ab", "s3cret-longer"));
        assertEquals("x=******** y=******** ********", r.redact("x=s3cret-longer y=s3cret ab"));
        assertEquals("cabbage tab ********", r.redact("cabbage tab ab"));
    }

    @Test
    void aSecretOfDigitsIsMaskedWhereItIsNotPartOfALongerNumber() {
        Redactor r = new Redactor(Set.of("1111"));
        assertEquals("{\"ms\": 11112, \"count\": 21111}", r.redact("{\"ms\": 11112, \"count\": 21111}"));
        assertEquals("auth_pass ******** and pw=********x", r.redact("auth_pass 1111 and pw=1111x"));
    }

    @Test
    void aMultiLineSecretIsMaskedLineByLineWhereverItsLinesAppear() {
        Redactor r = new Redactor(Set.of("-----BEGIN KEY-----\r\n  AbCdEf0123\n}\nxyz9\n"));
        assertEquals("+********\n+  ********\n+}\n+********\n", r.redact("+-----BEGIN KEY-----\n+  AbCdEf0123\n+}\n+xyz9\n"));
        assertEquals("a } stays", r.redact("a } stays"), "a line under four characters is not masked alone");
    }

    @Test
    void linesNamingASecretHideTheirValueWhateverItIs() {
        assertEquals("-    auth_pass ********\n+    auth_pass ********\n",
                SecretLines.mask("-    auth_pass OldPass1\n+    auth_pass x\n"));
        assertEquals("db_password = ********\nhost = me\n", SecretLines.mask("db_password = hunter2\nhost = me\n"));
        assertEquals("\"api_token\": ********", SecretLines.mask("\"api_token\": \"abc\""));
        assertEquals("password = ********", SecretLines.mask("password = ********"), "already masked stays as it is");
        assertEquals("interface eth0", SecretLines.mask("interface eth0"));
    }

    @Test
    void theStreamMasksWholeLinesEvenWhenWrittenByteByByte() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        RedactingStream out = new RedactingStream(sink, new Redactor(Set.of("Sud0Value")));
        for (byte b : "pw Sud0Value ok\n".getBytes(StandardCharsets.UTF_8)) out.write(b);
        out.flush();
        assertEquals("pw ******** ok\n", sink.toString(StandardCharsets.UTF_8));
    }
}
