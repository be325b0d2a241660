package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The files that tell hastate what to run (the project file, inventories, state trees, plugin jars) must
 * be ones no other user can change: as OpenSSH does for its configuration and git for a repository, the
 * file and every folder above it, up to {@code /}, must belong to this user or root and be writable by
 * nobody else. A folder with the sticky bit (/tmp) is the exception: others may add to it but not
 * replace what is ours. Links are not followed blindly: the link must be ours too, and its target is
 * checked the same way.
 */
public final class TrustedFiles {
    private static final int GROUP_WRITE = 0020;
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;
    private static final int MAX_LINKS = 40;

    private TrustedFiles() {}

    /** Refuses {@code path} (exit 3, naming it and why) when another user could change it. */
    public static void check(Path path, String what) {
        String why;
        try {
            why = untrusted(path.toAbsolutePath(), selfUid(), new int[] {0});
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return;  // No Unix ownership on this file system: nothing to check against.
        } catch (IOException e) {
            return;  // Unreadable: reading it fails with its own message.
        }
        if (why != null) {
            throw new InvalidInputException(new Location(path.toString(), 0), what,
                    "not used: " + why + " (hastate runs what this file says, so only its owner or root may be able to change it)");
        }
    }

    private static int selfUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** Why some part of {@code absolute} can be changed by another user, or null; links counted in {@code links}. */
    private static String untrusted(Path absolute, int me, int[] links) throws IOException {
        Path current = absolute.getRoot();
        String why = unsafe(current, me);
        if (why != null) return why;
        for (Path name : absolute) {
            String part = name.toString();
            if (part.equals(".")) continue;
            if (part.equals("..")) {
                if (current.getParent() != null) current = current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) return null;  // Absent: loading says so.
            if (Files.isSymbolicLink(next)) {
                if (++links[0] > MAX_LINKS) return "too many links in " + absolute;
                int owner = (Integer) Files.getAttribute(next, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                if (owner != me && owner != 0) return "the link " + next + " belongs to " + ownerName(next);
                Path target = current.resolve(Files.readSymbolicLink(next));
                why = untrusted(target, me, links);
                if (why != null) return why;
                current = target.toRealPath();
                continue;
            }
            why = unsafe(next, me);
            if (why != null) return why;
            current = next;
        }
        return null;
    }

    /** Why this one file or folder (not followed) can be changed by another user, or null. */
    private static String unsafe(Path p, int me) throws IOException {
        int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean folder = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        String kind = folder ? "the folder " : "";
        if (owner != me && owner != 0) return kind + p + " belongs to " + ownerName(p);
        if ((mode & (GROUP_WRITE | OTHERS_WRITE)) == 0) return null;
        if (folder && (mode & STICKY) != 0) return null;
        return kind + p + " is writable by " + ((mode & OTHERS_WRITE) != 0 ? "every user" : "its group") + String.format(" (mode %04o)", mode & 07777);
    }

    private static String ownerName(Path p) {
        try {
            return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "another user";
        }
    }
}
