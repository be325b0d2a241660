package io.hastate.watch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsTest {
    @Test
    void samplesFollowTheTextFormatWithEscapedLabelsInOrder() {
        String text = new Metrics().family("x_total", "counter", "Things.")
                .sample("x_total", 3, "pair", "a\"b\\c\nd", "vip", "10.0.0.1/32")
                .sample("x_total", 0.25)
                .text();
        assertEquals("""
                # HELP x_total Things.
                # TYPE x_total counter
                x_total{pair="a\\"b\\\\c\\nd",vip="10.0.0.1/32"} 3
                x_total 0.250
                """, text);
    }
}
