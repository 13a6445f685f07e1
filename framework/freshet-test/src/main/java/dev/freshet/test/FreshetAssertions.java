package dev.freshet.test;

import dev.freshet.api.online.FeatureVector;
import java.util.Optional;

/**
 * Entry points of the test kit's AssertJ-style assertions on feature vectors ({@link FeatureVectorAssert}).
 *
 * <pre>{@code
 * import static dev.freshet.test.FreshetAssertions.assertThat;
 *
 * assertThat(driver.features("login-attempts", "u1")).hasFeature("failed_attempts_5s", 2L);
 * }</pre>
 */
public final class FreshetAssertions {

    private FreshetAssertions() {}

    /** Assertions on a read that may have found no vector, as {@link FeatureSetTestDriver#features} returns it. */
    public static FeatureVectorAssert assertThat(Optional<FeatureVector> vector) {
        return new FeatureVectorAssert(vector);
    }

    /** Assertions on a vector. */
    public static FeatureVectorAssert assertThat(FeatureVector vector) {
        return new FeatureVectorAssert(Optional.ofNullable(vector));
    }
}
