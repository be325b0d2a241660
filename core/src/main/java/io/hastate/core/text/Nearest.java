package io.hastate.core.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The names a mistyped word was probably meant to be: for "did you mean" in messages. */
public final class Nearest {
    private Nearest() {}

    /** The names within two edits of {@code word}, the closest only (at most three), in the order given. */
    public static List<String> to(String word, Collection<String> names) {
        int best = 3;
        List<String> out = new ArrayList<>();
        for (String name : names) {
            int d = distance(word, name);
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best && !out.contains(name)) out.add(name);
        }
        return out.size() > 3 ? out.subList(0, 3) : out;
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
