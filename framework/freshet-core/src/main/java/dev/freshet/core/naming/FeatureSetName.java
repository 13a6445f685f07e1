package dev.freshet.core.naming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The feature-set name rule, from the reference product: letters, digits and hyphens only, at most
 * {@value #MAX_LENGTH} characters. Names appear in Redis keys, Kafka topic names, checkpoint paths and (made
 * catalog-safe) table names, so the rule is strict.
 */
public final class FeatureSetName {

    /** Longest allowed name. */
    public static final int MAX_LENGTH = 40;

    /** Words that carry little in a feature-set name, dropped first from one that is too long. */
    private static final Set<String> FILLER = Set.of("a", "an", "the", "of", "for", "by", "and", "or", "in", "on",
            "at", "to", "from", "with", "per", "over", "into", "feature", "features", "set");

    /** The usual short forms of long words common in feature-set names. */
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("transaction", "txn"), Map.entry("transactions", "txns"),
            Map.entry("aggregate", "agg"), Map.entry("aggregates", "aggs"),
            Map.entry("aggregation", "agg"), Map.entry("aggregations", "aggs"),
            Map.entry("average", "avg"), Map.entry("averages", "avgs"),
            Map.entry("minimum", "min"), Map.entry("maximum", "max"),
            Map.entry("number", "num"), Map.entry("statistics", "stats"),
            Map.entry("information", "info"), Map.entry("identifier", "id"),
            Map.entry("customer", "cust"), Map.entry("customers", "custs"),
            Map.entry("account", "acct"), Map.entry("accounts", "accts"),
            Map.entry("application", "app"), Map.entry("configuration", "config"));

    private FeatureSetName() {}

    /** What is wrong with {@code name}, or empty if it follows the rule. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '-')) {
                return Optional.of("contains '" + c + "' at index " + i
                        + "; only letters, digits and hyphens are allowed");
            }
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("has " + name.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        return Optional.empty();
    }

    /**
     * A name that follows the rule, for a message about {@code name}, which may not. Characters outside the rule become
     * hyphens; a name still too long is shortened so that it stays readable rather than cut: filler words go first
     * ({@code of}, {@code for}, {@code per}, {@code features} …), then long words take their usual abbreviation
     * ({@code transaction} becomes {@code txn}, {@code aggregates} {@code aggs}), then words are dropped from the end;
     * a single word longer than the limit is cut. The result never starts or ends with a hyphen.
     *
     * <pre>{@code
     * suggest("user_transactions")                                   // "user-transactions"
     * suggest("user-transaction-aggregates-over-rolling-windows-for-fraud") // "user-txn-aggs-rolling-windows-fraud"
     * }</pre>
     */
    public static String suggest(String name) {
        List<String> words = new ArrayList<>(Arrays.asList(name.replaceAll("[^A-Za-z0-9]+", "-")
                .replaceAll("^-+|-+$", "").split("-")));
        words.removeIf(String::isEmpty);
        if (words.isEmpty()) {
            return "features";
        }
        if (length(words) > MAX_LENGTH) {
            List<String> meaningful = words.stream().filter(w -> !FILLER.contains(w.toLowerCase(Locale.ROOT)))
                    .toList();
            if (!meaningful.isEmpty()) {
                words = new ArrayList<>(meaningful);
            }
        }
        for (int i = 0; i < words.size() && length(words) > MAX_LENGTH; i++) {
            String abbreviation = ABBREVIATIONS.get(words.get(i).toLowerCase(Locale.ROOT));
            if (abbreviation != null) {
                words.set(i, abbreviation);
            }
        }
        while (words.size() > 1 && length(words) > MAX_LENGTH) {
            words.remove(words.size() - 1);
        }
        String suggestion = String.join("-", words);
        return suggestion.length() > MAX_LENGTH ? suggestion.substring(0, MAX_LENGTH) : suggestion;
    }

    private static int length(List<String> words) {
        return words.stream().mapToInt(String::length).sum() + words.size() - 1;
    }

    /**
     * The default name for a feature set declared on class {@code simpleName}: kebab case, so
     * {@code UserTransactionFeatures} gives {@code user-transaction-features} and {@code HTTPLogins} gives
     * {@code http-logins}. Characters outside the rule become hyphens. The result may still be too long.
     */
    public static String fromClassName(String simpleName) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < simpleName.length(); i++) {
            char c = simpleName.charAt(i);
            if (!isAsciiLetterOrDigit(c)) {
                appendHyphen(out);
                continue;
            }
            if (Character.isUpperCase(c) && i > 0) {
                char prev = simpleName.charAt(i - 1);
                boolean nextIsLower = i + 1 < simpleName.length() && Character.isLowerCase(simpleName.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev)
                        || (Character.isUpperCase(prev) && nextIsLower)) {
                    appendHyphen(out);
                }
            }
            out.append(Character.toLowerCase(c));
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '-') {
            end--;
        }
        int start = 0;
        while (start < end && out.charAt(start) == '-') {
            start++;
        }
        return out.substring(start, end);
    }

    private static void appendHyphen(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
            out.append('-');
        }
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
