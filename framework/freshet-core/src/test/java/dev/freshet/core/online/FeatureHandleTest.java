package dev.freshet.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.freshet.api.ValueType;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureHandle;
import dev.freshet.api.online.FeatureSetHandle;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.online.OnlineFeatureClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The handles generated constants are made of ({@code dev.freshet.api.online}), and how vectors and the client take
 * them. freshet-api has no test dependencies: its tests run with core's, outside its packages, which
 * {@code CoreIsPureTest} keeps free of libraries.
 */
class FeatureHandleTest {

    private static final FeatureSetHandle SET = new FeatureSetHandle("user-transactions");
    private static final FeatureHandle<Double> AMOUNT = new FeatureHandle<>(SET, "amount", ValueType.DOUBLE,
            Double.class);
    private static final FeatureHandle<Boolean> IS_REMOTE = new FeatureHandle<>(SET, "is_remote", ValueType.BOOLEAN,
            Boolean.class);

    private static FeatureVector vector(String featureSet, Map<String, FeatureValue> features) {
        return new FeatureVector(featureSet, EntityKey.of("u42"), Instant.parse("2026-01-01T00:00:00Z"), features);
    }

    private static FeatureVector transactions() {
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        features.put("amount", new FeatureValue(ValueType.DOUBLE, 12.5));
        features.put("is_remote", new FeatureValue(ValueType.BOOLEAN, null));
        return vector("user-transactions", features);
    }

    @Test
    void aVectorGivesAFeaturesValueAsItsJavaType() {
        Double amount = transactions().value(AMOUNT);

        assertThat(amount).isEqualTo(12.5);
        assertThat(transactions().feature(AMOUNT)).isEqualTo(new FeatureValue(ValueType.DOUBLE, 12.5));
    }

    @Test
    void aNullValueIsNull() {
        assertThat(transactions().value(IS_REMOTE)).isNull();
    }

    @Test
    void aFeatureOfAnotherFeatureSetIsRefused() {
        FeatureHandle<Double> other = new FeatureHandle<>(new FeatureSetHandle("logins"), "amount", ValueType.DOUBLE,
                Double.class);

        assertThatIllegalArgumentException().isThrownBy(() -> transactions().value(other))
                .withMessage("feature \"amount\" belongs to feature set \"logins\", not to \"user-transactions\"");
    }

    @Test
    void aFeatureWhoseTypeChangedSinceTheConstantWasGeneratedIsRefused() {
        FeatureHandle<Long> stale = new FeatureHandle<>(SET, "amount", ValueType.LONG, Long.class);

        assertThatIllegalArgumentException().isThrownBy(() -> transactions().value(stale))
                .withMessage("feature \"amount\" of feature set \"user-transactions\" is a DOUBLE, not a LONG as the"
                        + " constant was generated; recompile against the feature set that is deployed");
    }

    @Test
    void aFeatureTheVectorDoesNotHaveIsRefusedAsByName() {
        FeatureHandle<Double> missing = new FeatureHandle<>(SET, "amout", ValueType.DOUBLE, Double.class);

        assertThatIllegalArgumentException().isThrownBy(() -> transactions().value(missing))
                .withMessage("feature set \"user-transactions\" has no feature \"amout\"; it has [amount, is_remote]");
    }

    @Test
    void aHandlesJavaTypeMustBeItsValueTypes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new FeatureHandle<>(SET, "amount", ValueType.DOUBLE, Float.class))
                .withMessage("feature \"amount\" is a DOUBLE, whose values are Double, not Float");
    }

    @Test
    void handlesNameWhatTheyStandFor() {
        assertThat(SET).hasToString("user-transactions");
        assertThat(AMOUNT).hasToString("user-transactions.amount");
    }

    @Test
    void theClientTakesAFeatureSetHandleForItsName() {
        List<String> asked = new ArrayList<>();
        OnlineFeatureClient client = new OnlineFeatureClient() {
            @Override
            public Optional<FeatureVector> get(String featureSet, EntityKey key) {
                asked.add("get " + featureSet + " " + key);
                return Optional.of(transactions());
            }

            @Override
            public Map<EntityKey, FeatureVector> getAll(String featureSet, Collection<EntityKey> keys) {
                asked.add("getAll " + featureSet + " " + keys);
                return Map.of();
            }
        };

        assertThat(client.get(SET, EntityKey.of("u42")).map(v -> v.value(AMOUNT))).hasValue(12.5);
        assertThat(client.getAll(SET, List.of(EntityKey.of("u1"), EntityKey.of("u2")))).isEmpty();
        assertThat(asked).containsExactly("get user-transactions u42", "getAll user-transactions [u1, u2]");
    }
}
