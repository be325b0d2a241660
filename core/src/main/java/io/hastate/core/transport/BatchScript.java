package io.hastate.core.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Several read-only commands as one shell script, and the way back: each command's output is framed
 * by marker lines carrying a random token, so no command output can be mistaken for a frame.
 */
public final class BatchScript {
    private final String marker;
    private final String text;
    private final int count;

    private BatchScript(String marker, String text, int count) {
        this.marker = marker;
        this.text = text;
        this.count = count;
    }

    public static BatchScript of(List<String> commands) {
        String marker = "__hastate_" + UUID.randomUUID().toString().replace("-", "") + "__";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            sb.append("printf '%s begin ").append(i).append("\\n' ").append(marker).append('\n');
            sb.append("( ").append(commands.get(i)).append("\n) </dev/null 2>/dev/null\n");
            sb.append("printf '\\n%s end ").append(i).append(" %s\\n' ").append(marker).append(" \"$?\"\n");
        }
        return new BatchScript(marker, sb.toString(), commands.size());
    }

    public String text() {
        return text;
    }

    public List<CommandResult> split(CommandResult whole) throws TransportException {
        String out = whole.stdoutText();
        List<CommandResult> results = new ArrayList<>(count);
        int pos = 0;
        for (int i = 0; i < count; i++) {
            String begin = marker + " begin " + i + "\n";
            String endPrefix = "\n" + marker + " end " + i + " ";
            int b = out.indexOf(begin, pos);
            int e = b < 0 ? -1 : out.indexOf(endPrefix, b + begin.length());
            int nl = e < 0 ? -1 : out.indexOf('\n', e + endPrefix.length());
            if (nl < 0) {
                throw new TransportException("fact gathering stopped after " + i + " of " + count
                        + " commands (" + whole.describe() + ")");
            }
            String body = out.substring(b + begin.length(), e);
            int rc = Integer.parseInt(out.substring(e + endPrefix.length(), nl).trim());
            results.add(CommandResult.of(rc, body, ""));
            pos = nl + 1;
        }
        return results;
    }
}
