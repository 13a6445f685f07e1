package dev.freshet.core.naming;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Suggests the known name closest to a misspelt one, for error messages such as {@code did you mean "amount"?}. Case
 * is ignored. A candidate is suggested when it is, in this order of preference:
 *
 * <ol>
 *   <li>the name in another case ({@code AMOUNT} for {@code amount});
 *   <li>within a third of the longer name's length in edits ({@code amout}, {@code amnt} for {@code amount});
 *   <li>the name as a whole word of it, or the other way round, or its start ({@code remote} for {@code is_remote},
 *       {@code user} for {@code user_id}, {@code amount_usd} for {@code amount}), with at least three letters shared;
 *   <li>an abbreviation of it: the name's letters in order, from the same first letter ({@code amt} for
 *       {@code amount}, {@code ts} for {@code timestamp}).
 * </ol>
 *
 * Among candidates of the same kind the one fewest edits away wins, then the first.
 */
public final class DidYouMean {

    private static final String WORD_SEPARATORS = "[_\\-.\\s]+";

    private DidYouMean() {}

    /** The candidate closest to {@code name}, if one is close enough to be a likely typo. */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String best = null;
        int bestKind = Integer.MAX_VALUE;
        int bestDistance = Integer.MAX_VALUE;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            String other = candidate.toLowerCase(Locale.ROOT);
            int d = distance(lower, other);
            int kind = kind(lower, other, d);
            if (kind < bestKind || (kind == bestKind && d < bestDistance)) {
                best = candidate;
                bestKind = kind;
                bestDistance = d;
            }
        }
        return bestKind == Integer.MAX_VALUE ? Optional.empty() : Optional.of(best);
    }

    /** How {@code candidate} is close to {@code name} (both in lower case), by preference; MAX_VALUE for not at all. */
    private static int kind(String name, String candidate, int distance) {
        if (distance == 0) {
            return 0;
        }
        if (distance <= Math.max(1, Math.max(name.length(), candidate.length()) / 3)) {
            return 1;
        }
        if (Math.min(name.length(), candidate.length()) >= 3
                && (words(candidate).contains(name) || words(name).contains(candidate) || candidate.startsWith(name)
                        || containsWords(candidate, name) || containsWords(name, candidate))) {
            return 2;
        }
        if (name.length() >= 2 && name.charAt(0) == candidate.charAt(0) && subsequence(name, candidate)) {
            return 3;
        }
        return Integer.MAX_VALUE;
    }

    private static List<String> words(String name) {
        return List.of(name.split(WORD_SEPARATORS));
    }

    /** Whether {@code part}'s words appear together, in order, among {@code whole}'s. */
    private static boolean containsWords(String whole, String part) {
        return ("_" + String.join("_", words(whole)) + "_").contains("_" + String.join("_", words(part)) + "_");
    }

    private static boolean subsequence(String name, String candidate) {
        int i = 0;
        for (int j = 0; j < candidate.length() && i < name.length(); j++) {
            if (name.charAt(i) == candidate.charAt(j)) {
                i++;
            }
        }
        return i == name.length();
    }

    /** Text to append to a message: {@code "; did you mean \"amount\"?"}, or nothing. */
    public static String hint(String name, Collection<String> candidates) {
        return closest(name, candidates).map(c -> "; did you mean \"" + c + "\"?").orElse("");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] curr = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            curr[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                curr[j] = Math.min(Math.min(curr[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = curr;
            curr = t;
        }
        return prev[b.length()];
    }
}
