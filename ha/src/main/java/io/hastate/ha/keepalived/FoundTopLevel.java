package io.hastate.ha.keepalived;

import io.hastate.ha.model.VerbatimLines;

import java.util.ArrayList;
import java.util.List;

/**
 * What a keepalived.conf hastate did not write has outside its instances and scripts, as written:
 * {@code globalDefs} the global_defs lines the HA tree does not write itself (notification_email,
 * smtp_server...), {@code blocks} the other top-level blocks (vrrp_sync_group, static_routes,
 * virtual_server, vrrp_script blocks no instance tracks) whole, and {@code loose} the top-level lines
 * outside any block (include...).
 */
public record FoundTopLevel(List<String> globalDefs, List<String> blocks, List<String> loose) {
    public static final FoundTopLevel NONE = new FoundTopLevel(List.of(), List.of(), List.of());

    /** {@code tracked}: the names of the vrrp_scripts the file's instances track. */
    public static FoundTopLevel in(String text, java.util.Set<String> tracked) {
        List<String> globals = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        List<String> loose = new ArrayList<>();
        List<String> current = null;
        boolean skipping = false;
        int depth = 0;
        for (String raw : text.split("\n")) {
            String line = KeepalivedConfText.stripComment(raw).strip();
            if (line.isEmpty()) continue;
            if (depth == 0) {
                if (!line.endsWith("{")) {
                    loose.add(line);
                    continue;
                }
                String[] head = line.substring(0, line.length() - 1).strip().split("\\s+");
                current = null;
                skipping = false;
                switch (head[0]) {
                    case "global_defs" -> current = globals;
                    case "vrrp_instance" -> skipping = true;
                    case "vrrp_script" -> skipping = head.length > 1 && tracked.contains(head[1]);
                    default -> { }
                }
                if (current == null && !skipping) {
                    current = blocks;
                    blocks.add(line);
                }
                depth = 1;
                continue;
            }
            boolean closes = line.equals("}");
            if (closes && depth == 1) {
                if (current == blocks) blocks.add(line);
                depth = 0;
                continue;
            }
            if (current != null) current.add(line);
            if (closes) depth--;
            else if (line.endsWith("{")) depth++;
        }
        return new FoundTopLevel(unmodelledGlobals(globals), List.copyOf(blocks), List.copyOf(loose));
    }

    /** global_defs lines other than those the HA tree writes, each with its sub-block. */
    private static List<String> unmodelledGlobals(List<String> lines) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean taking = false;
        for (String line : lines) {
            if (depth == 0) taking = !VerbatimLines.GLOBAL_DEFS.modelled(line.split("\\s+")[0]);
            if (taking) out.add(line);
            if (line.endsWith("{")) depth++;
            else if (line.equals("}")) depth = Math.max(0, depth - 1);
        }
        return List.copyOf(out);
    }
}
