package io.hastate.modules.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.facts.Fact;
import io.hastate.core.transport.Shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A virtual device's live state and everything that persists it, in one command: {@code ip -d -j link}
 * for the device, whether the kernel can make that kind of device at all, and the content of each
 * persistence file hastate may own.
 */
record LinkFacts(boolean kernelSupports, Live live, Map<String, String> files) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The device as the kernel has it; null when it does not exist. */
    record Live(String kind, String parent, String mode, boolean up, List<String> addresses) {}

    static Fact<LinkFacts> fact(LinkKind kind, String name, List<String> paths) {
        String n = Shell.quote(name);
        StringBuilder c = new StringBuilder();
        // /sys/module lists built-in and loaded modules; modinfo finds a loadable one.
        c.append("if [ -d /sys/module/").append(kind.kernelKind).append(" ] || modinfo ").append(kind.kernelKind)
                .append(" >/dev/null 2>&1; then echo kernel=yes; else echo kernel=no; fi; ");
        c.append("echo \"link=$(ip -d -j addr show dev ").append(n).append(" 2>/dev/null | base64 -w0)\"; ");
        for (int i = 0; i < paths.size(); i++) {
            String p = Shell.quote(paths.get(i));
            c.append("[ -f ").append(p).append(" ] && echo \"file").append(i).append("=$(stat -c '%U:%G:%a' ").append(p)
                    .append("):$(base64 -w0 ").append(p).append(")\"; ");
        }
        c.append("true");
        return new Fact<>("link:" + kind.function + ":" + name, c.toString(), (out, rc) -> parse(out, paths));
    }

    static LinkFacts parse(String out, List<String> paths) {
        boolean kernel = false;
        Live live = null;
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.equals("kernel=yes")) kernel = true;
            if (line.startsWith("link=") && line.length() > 5) live = live(new String(Base64.getDecoder().decode(line.substring(5)), StandardCharsets.UTF_8));
            if (line.startsWith("file")) {
                int eq = line.indexOf('=');
                int idx = Integer.parseInt(line.substring(4, eq));
                String[] parts = line.substring(eq + 1).split(":", 4);
                String content = new String(Base64.getDecoder().decode(parts[3]), StandardCharsets.UTF_8);
                // Owner and mode matter for hooks: networkd-dispatcher skips scripts not root-owned and executable.
                files.put(paths.get(idx), parts[0] + ":" + parts[1] + ":" + parts[2] + "\n" + content);
            }
        }
        return new LinkFacts(kernel, live, files);
    }

    private static Live live(String json) {
        try {
            JsonNode arr = JSON.readTree(json);
            if (!arr.isArray() || arr.isEmpty()) return null;
            JsonNode d = arr.get(0);
            JsonNode info = d.path("linkinfo");
            List<String> addrs = new ArrayList<>();
            for (JsonNode a : d.path("addr_info")) {
                if (!a.path("scope").asText().equals("link")) addrs.add(a.path("local").asText() + "/" + a.path("prefixlen").asText());
            }
            boolean up = false;
            for (JsonNode f : d.path("flags")) up |= f.asText().equals("UP");
            return new Live(info.path("info_kind").asText(), d.path("link").asText(null),
                    info.path("info_data").path("mode").asText("").toLowerCase(), up, addrs);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read ip link output: " + e.getMessage());
        }
    }
}
