package dev.freshet.samples.transactions;

import static dev.freshet.test.FreshetAssertions.assertThat;

import dev.freshet.test.FeatureSetTestDriver;
import dev.freshet.test.FreshetTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The row-level user-last-transaction set, with its Java SQL function, tested with the kit. */
@FreshetTest(featureSets = UserLastTransactionFeatures.class)
class UserLastTransactionFeaturesIT {

    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

    @Test
    void theNewestTransactionWinsWhateverTheOrderItArrivesIn(FeatureSetTestDriver driver) {
        driver.readAt(T0.plusSeconds(60))
                .send("transactions", new Transaction("u1", 640.0, true, "travel", T0.plusSeconds(10)))
                .send("transactions", new Transaction("u1", 12.0, false, "grocery", T0));

        assertThat(driver.features("user-last-transaction", "u1"))
                .hasFeature("last_amount", 640.0)
                .hasFeature("last_is_remote", true)
                .hasFeature("last_merchant_group", "leisure")
                .hasFeature("last_is_large", true);
    }

    @Test
    void anUnknownCategoryIsOtherAndNoCategoryHasNoGroup(FeatureSetTestDriver driver) {
        driver.readAt(T0.plusSeconds(60))
                .send("transactions", new Transaction("u2", 3.5, false, "pets", T0))
                .send("transactions", new Transaction("u3", 3.5, false, null, T0));

        assertThat(driver.features("user-last-transaction", "u2"))
                .hasFeature("last_merchant_category", "pets")
                .hasFeature("last_merchant_group", "other");
        assertThat(driver.features("user-last-transaction", "u3"))
                .hasNoFeature("last_merchant_category")
                .hasNoFeature("last_merchant_group");
    }
}
