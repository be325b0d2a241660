package io.hastate.modules.sysctl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SysctlFileTest {
    static final SysctlKey RP = new SysctlKey("net.ipv4.conf.all.rp_filter");

    @Test
    void lastLineWinsAndCommentsAreIgnored() {
        String text = "# net.ipv4.conf.all.rp_filter = 9\n; x\nnet.ipv4.conf.all.rp_filter=1\n-net/ipv4/conf/all/rp_filter = 2\nother.key = 3\n";
        assertEquals("2", SysctlFile.valueOf(text, RP));
        assertNull(SysctlFile.valueOf("other.key = 3\n", RP));
    }

    @Test
    void replacingKeepsOtherLinesAndWritesOneLine() {
        String text = "# header\nnet.ipv4.conf.all.rp_filter = 1\nother.key = 3\nnet/ipv4/conf/all/rp_filter = 0\n\n";
        assertEquals("# header\nother.key = 3\nnet.ipv4.conf.all.rp_filter = 2\n", SysctlFile.withValue(text, RP, "2"));
    }
}
