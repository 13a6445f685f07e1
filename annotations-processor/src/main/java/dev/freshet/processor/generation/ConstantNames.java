package dev.freshet.processor.generation;

import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The names of the constants a generated {@code <Class>_FeatureSet} declares: {@value #FEATURE_SET} for the feature
 * set, and one per feature in upper snake case ({@code avg_amount_1h} is {@code AVG_AMOUNT_1H}, {@code lastAmount}
 * is {@code LAST_AMOUNT}). Any character that cannot be in a Java name becomes {@code _}, a name that cannot start
 * one gets a leading {@code _} ({@code 7d_count} is {@code _7D_COUNT}), and a feature whose name would be one the
 * class already uses ({@value #FEATURE_SET}, {@code SPEC}, {@code INDEX_RESOURCE}) gets a trailing {@code _}. Two
 * features can still map to one name ({@code Amount} and {@code amount}); the validator refuses that.
 */
public final class ConstantNames {

    /** The constant naming the feature set. */
    public static final String FEATURE_SET = "FEATURE_SET";

    /** Names the generated class declares or inherits, which a feature's constant must not hide. */
    private static final Set<String> TAKEN = Set.of(FEATURE_SET, "SPEC", "INDEX_RESOURCE");

    private ConstantNames() {}

    /** The constant of feature {@code feature}. */
    public static String of(String feature) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < feature.length(); i++) {
            char c = feature.charAt(i);
            if (i > 0 && isUpper(c) && startsWord(feature, i)) {
                name.append('_');
            }
            char upper = Character.toUpperCase(c);
            name.append((upper >= 'A' && upper <= 'Z') || (c >= '0' && c <= '9') ? upper : '_');
        }
        String constant = name.toString();
        while (!SourceVersion.isName(constant)) {
            constant = "_" + constant;
        }
        return TAKEN.contains(constant) ? constant + "_" : constant;
    }

    /**
     * Whether the upper-case letter at {@code i} starts a camel-case word: after a lower-case letter or a digit, or as
     * the last capital of an acronym before a lower-case letter ({@code HTTPCode} is {@code HTTP_CODE}).
     */
    private static boolean startsWord(String s, int i) {
        char previous = s.charAt(i - 1);
        boolean nextIsLower = i + 1 < s.length() && isLower(s.charAt(i + 1));
        return isLower(previous) || (previous >= '0' && previous <= '9') || (isUpper(previous) && nextIsLower);
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }
}
