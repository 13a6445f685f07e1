package dev.freshet.core.naming;

import java.util.Optional;

/**
 * The feature-set name rule, from the reference product: letters, digits and hyphens only, at most
 * {@value #MAX_LENGTH} characters. Names appear in Redis keys, Kafka topic names, checkpoint paths and (made
 * catalog-safe) table names, so the rule is strict.
 */
public final class FeatureSetName {

    /** Longest allowed name. */
    public static final int MAX_LENGTH = 40;

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
