package io.hastate.modules.file;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;

/** Unified diffs of file contents for reports; binary content is described, not shown. */
public final class TextDiff {
    private TextDiff() {}

    public static String unified(String path, byte[] before, byte[] after) {
        String a = text(before);
        String b = text(after);
        if (a == null || b == null) {
            return "binary content differs (" + (before == null ? 0 : before.length) + " -> " + after.length + " bytes)";
        }
        List<String> from = lines(a);
        List<String> to = lines(b);
        Patch<String> patch = DiffUtils.diff(from, to);
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(
                before == null ? "/dev/null" : path, path + " (declared)", from, patch, 3);
        return String.join("\n", lines);
    }

    /** Lines without their terminators; a missing final newline shows as its own marker line. */
    private static List<String> lines(String text) {
        if (text.isEmpty()) return List.of();
        List<String> out = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) out.remove(out.size() - 1);
        else out.set(out.size() - 1, out.get(out.size() - 1) + "  (no newline at end)");
        return out;
    }

    private static String text(byte[] bytes) {
        if (bytes == null) return "";
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
