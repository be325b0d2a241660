package io.hastate.ha.importing;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.ha.model.SyncGroup;
import io.hastate.ha.model.Vrrp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sync groups among a pair's top-level lines that the inventory's sync_groups can say exactly (a
 * group of the pair's instances with notify scripts of a bare path), leading the lines as they do in
 * the file; anything else (notify lines with arguments, tracking, a group after another block) stays as
 * written, so the HA tree's file means what the host's did.
 */
final class SyncGroupImport {
    record Result(List<SyncGroup> groups, List<String> rest) {}

    private static final Pattern HEADER = Pattern.compile("vrrp_sync_group\\s+(\\S+)\\s*\\{");

    private SyncGroupImport() {}

    static Result of(List<String> lines, Set<String> instances) {
        List<SyncGroup> groups = new ArrayList<>();
        int at = 0;
        while (at < lines.size()) {
            Matcher header = HEADER.matcher(lines.get(at).strip());
            if (!header.matches()) break;
            int end = blockEnd(lines, at);
            SyncGroup group = end < 0 ? null : group(header.group(1), lines.subList(at, end + 1), instances);
            if (group == null) break;
            groups.add(group);
            at = end + 1;
        }
        return new Result(groups, List.copyOf(lines.subList(at, lines.size())));
    }

    /** {@code lines} with each sync group's members renamed as {@code renamed} says (an instance import had to rename). */
    static List<String> renamed(List<String> lines, Map<String, String> renamed) {
        List<String> out = new ArrayList<>();
        boolean inGroup = false, inMembers = false;
        for (String line : lines) {
            String t = line.strip();
            if (HEADER.matcher(t).matches()) inGroup = true;
            else if (inGroup && t.equals("group {")) inMembers = true;
            else if (inMembers && t.equals("}")) inMembers = false;
            else if (inGroup && !inMembers && t.equals("}")) inGroup = false;
            else if (inMembers && renamed.containsKey(t)) line = line.substring(0, line.indexOf(t)) + renamed.get(t);
            out.add(line);
        }
        return out;
    }

    /** The index of the brace that closes the block opened at {@code start}; -1 when it does not close. */
    private static int blockEnd(List<String> lines, int start) {
        int depth = 0;
        for (int i = start; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.endsWith("{")) depth++;
            if (l.equals("}") && --depth == 0) return i;
        }
        return -1;
    }

    /** The group, when its lines are exactly what {@link SyncGroup#lines()} writes for it; else null. */
    private static SyncGroup group(String name, List<String> block, Set<String> instances) {
        List<String> body = block.stream().map(String::strip).toList();
        if (body.size() < 4 || !body.get(1).equals("group {")) return null;
        int close = body.indexOf("}");
        List<String> members = body.subList(2, close);
        if (!instances.containsAll(members)) return null;
        Map<String, String> notify = new LinkedHashMap<>();
        for (String line : body.subList(close + 1, body.size() - 1)) {
            String[] words = line.split("\\s+");
            String event = words.length == 2 ? eventOf(words[0]) : null;
            if (event == null || notify.containsKey(event)) return null;
            notify.put(event, words[1]);
        }
        try {
            SyncGroup group = new SyncGroup(name, members, notify, Location.NONE);
            return group.lines().equals(body) ? group : null;
        } catch (InvalidInputException e) {
            return null;
        }
    }

    private static String eventOf(String keyword) {
        for (String event : SyncGroup.NOTIFY_EVENTS) {
            if (Vrrp.NOTIFY_EVENTS.get(event).equals(keyword)) return event;
        }
        return null;
    }
}
