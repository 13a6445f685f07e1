package dev.freshet.samples.transactions;

import static dev.freshet.test.FreshetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.test.FeatureSetTestDriver;
import dev.freshet.test.FreshetTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The login-attempts set tested with the kit, as a user tests a feature set: records in, vectors out at chosen read
 * times, late events dead-lettered. The driver is the class's one, reset between tests (the second test sees nothing
 * of the first's records).
 */
@FreshetTest(featureSets = LoginAttemptFeatures.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginAttemptFeaturesIT {

    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
    private static FeatureSetTestDriver first;

    private FeatureSetTestDriver injected;

    private static Login login(String user, boolean success, Instant at) {
        return new Login(user, "10.0.0.7", success, at);
    }

    @Test
    @Order(1)
    void failuresCountInTheirWindowsAndDecay(FeatureSetTestDriver driver) {
        first = driver;
        assertThat(injected).as("the field and the parameter are the one driver").isSameAs(driver);
        driver.readAt(T0.plusSeconds(3))
                .send("logins", login("u1", false, T0))
                .send("logins", login("u1", false, T0.plusSeconds(1)))
                .send("logins", login("u1", true, T0.plusSeconds(2)));

        assertThat(driver.features("login-attempts", "u1")).hasFeatures(Map.of(
                "failed_attempts_5s", 2L, "attempts_5s", 3L, "failure_ratio_5s", 2.0 / 3));
        assertThat(driver.advanceTo(T0.plusSeconds(30)).features("login-attempts", "u1"))
                .hasFeature("attempts_15s", 0L).hasNoFeature("failure_ratio_15s");
        assertThat(driver.features("login-attempts", "u2")).isEmpty();
    }

    @Test
    @Order(2)
    void aLateAttemptIsADeadLetterAndTheDriverStartsFromNothing(FeatureSetTestDriver driver) {
        assertThat(driver).isSameAs(first);
        assertThat(driver.sent()).as("reset after the first test").isEmpty();
        driver.readAt(T0.plusSeconds(25))
                .send("logins", login("u1", false, T0.plusSeconds(20)))
                .send("logins", login("u1", false, T0.plusSeconds(17)))   // 3s late: within the allowed 5s
                .send("logins", login("u1", false, T0.plusSeconds(10)));  // 10s late: too late

        assertThat(driver.features("login-attempts", "u1")).hasFeature("failed_attempts_15s", 2L);
        assertThat(driver.deadLetters("login-attempts")).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo(DeadLetterReason.LATE);
            assertThat(letter.offset()).isEqualTo(2);
        });
    }

    @Test
    @Order(3)
    void aRecordTheDecoderRejectsIsADeadLetterWithItsReason(FeatureSetTestDriver driver) {
        driver.send("logins", 0, T0, "u1", "{\"user_id\":\"u1\",\"success\":\"no\",\"timestamp\":\"" + T0 + "\"}");

        assertThat(driver.deadLetters("login-attempts")).extracting(DeadLetter::reason)
                .containsExactly(DeadLetterReason.TYPE_MISMATCH);
        assertThat(driver.readAt(T0.plusSeconds(1)).features("login-attempts", "u1")).isEmpty();
    }
}
