package io.hastate.modules.file;

import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Arguments and checks the file functions share: absolute paths, octal modes, owner and group. */
final class FileArgs {
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    private FileArgs() {}

    static final ArgSpec MODE_ARG = ArgSpec.string("mode").must((String m) -> MODE.matcher(m).matches(), "an octal mode such as 0644");
    static final ArgSpec USER_ARG = ArgSpec.string("user").must((String u) -> ACCOUNT.matcher(u).matches(), "a user name");
    static final ArgSpec GROUP_ARG = ArgSpec.string("group").must((String g) -> ACCOUNT.matcher(g).matches(), "a group name");

    static void requireAbsolute(Args args) {
        String name = args.name();
        if (!name.startsWith("/") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("name must be an absolute path, got '" + name + "'");
        }
        // One spelling per path: no //, no . or .. segments, and never / itself (file.absent would take the tree).
        String body = name.length() > 1 && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (body.equals("/") || body.contains("//") || java.util.Arrays.stream(body.substring(1).split("/")).anyMatch(p -> p.equals(".") || p.equals(".."))) {
            throw new IllegalArgumentException("name must be a plain absolute path (no //, . or .. parts, not /), got '" + name + "'");
        }
    }

    /** The mode as 4 octal digits, or null when not declared. */
    static String mode(Args args) {
        String m = args.string("mode");
        if (m == null) return null;
        String digits = m.length() > 4 ? m.substring(m.length() - 4) : m;
        return "0".repeat(4 - digits.length()) + digits;
    }

    /** apply sets the declared mode. */
    record SetMode(String mode) implements Diff.Action {}

    /** apply sets the declared owner and/or group ({@code user}, {@code :group} or {@code user:group}). */
    record SetOwner(String spec) implements Diff.Action {}

    /** Mode, owner and group changes between what exists (null: nothing yet) and what is declared, each with its action. */
    static Diff attributes(Args args, FileState current) {
        List<Change> out = new ArrayList<>();
        List<Diff.Action> actions = new ArrayList<>();
        String mode = mode(args);
        String currentMode = current == null ? null : current.mode();
        if (mode != null && !mode.equals(currentMode)) {
            out.add(Change.of("mode", currentMode, mode));
            actions.add(new SetMode(mode));
        }
        boolean user = args.has("user") && (current == null || !args.string("user").equals(current.owner()));
        boolean group = args.has("group") && (current == null || !args.string("group").equals(current.group()));
        if (user) out.add(Change.of("user", current == null ? null : current.owner(), args.string("user")));
        if (group) out.add(Change.of("group", current == null ? null : current.group(), args.string("group")));
        if (user || group) actions.add(new SetOwner((args.has("user") ? args.string("user") : "") + (args.has("group") ? ":" + args.string("group") : "")));
        return new Diff(out, "", actions);
    }
}
