package dev.freshet.samples.transactions;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.online.OnlineFeatureClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a fraud check reads for one user, from three feature sets, through the typed handles the processor generates
 * ({@code <Class>_FeatureSet.FEATURE_SET} and a constant per feature): a misspelt feature here is a compile error,
 * and each value comes typed ({@code Double}, {@code Long}). {@code GET /fraud-signals/{user}}; a value the store
 * does not have (yet) is a JSON {@code null}.
 */
@RestController
class FraudSignalsController {

    private final OnlineFeatureClient features;

    FraudSignalsController(OnlineFeatureClient features) {
        this.features = features;
    }

    @GetMapping("/fraud-signals/{user}")
    Map<String, Object> signals(@PathVariable String user) {
        EntityKey key = EntityKey.of(user);
        Optional<FeatureVector> last = features.get(UserLastTransactionFeatures_FeatureSet.FEATURE_SET, key);
        Optional<FeatureVector> spending = features.get(UserTransactionAggregates_FeatureSet.FEATURE_SET, key);
        Optional<FeatureVector> logins = features.get(LoginAttemptFeatures_FeatureSet.FEATURE_SET, key);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        body.put("lastAmount", last.map(v -> v.value(UserLastTransactionFeatures_FeatureSet.LAST_AMOUNT))
                .orElse(null));
        body.put("averageAmountLastHour", spending.map(v -> v.value(UserTransactionAggregates_FeatureSet
                .AVG_AMOUNT_1H)).orElse(null));
        body.put("failedLoginsLast15s", logins.map(v -> v.value(LoginAttemptFeatures_FeatureSet
                .FAILED_ATTEMPTS_15S)).orElse(null));
        return body;
    }
}
