package dev.freshet.samples.transactions;

import dev.freshet.api.SqlFunction;
import java.util.Locale;

/**
 * SQL functions written in Java, which the sample's feature sets call from their SQL: the processor checks each call
 * at compile time, the engine runs them in every job ({@code docs/transforms.md}).
 */
public final class MerchantFunctions {

    private MerchantFunctions() {}

    /**
     * The spending group of a merchant category: {@code essentials}, {@code leisure}, {@code goods} or {@code other};
     * null for a null category.
     */
    @SqlFunction("merchant_group")
    public static String merchantGroup(String category) {
        if (category == null) {
            return null;
        }
        return switch (category.strip().toLowerCase(Locale.ROOT)) {
            case "grocery", "fuel" -> "essentials";
            case "travel", "restaurants" -> "leisure";
            case "electronics" -> "goods";
            default -> "other";
        };
    }
}
