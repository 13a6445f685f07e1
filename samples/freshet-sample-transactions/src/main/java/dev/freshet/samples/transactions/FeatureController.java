package dev.freshet.samples.transactions;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.online.OnlineFeatureClient;
import dev.freshet.core.error.FreshetException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves feature vectors from the online store: {@code GET /features/{featureSet}/{key}}. A key the store has never
 * seen is a 404, a null feature a JSON {@code null}.
 */
@RestController
class FeatureController {

    private final OnlineFeatureClient features;

    FeatureController(OnlineFeatureClient features) {
        this.features = features;
    }

    @GetMapping("/features/{featureSet}/{key}")
    ResponseEntity<Map<String, Object>> features(@PathVariable String featureSet, @PathVariable String key) {
        return features.get(featureSet, EntityKey.of(key))
                .map(v -> ResponseEntity.ok(body(v)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                        "feature set \"" + featureSet + "\" has no features for key \"" + key + "\" (yet)")));
    }

    @ExceptionHandler(FreshetException.class)
    ResponseEntity<Map<String, Object>> unknown(FreshetException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    private static Map<String, Object> body(FeatureVector vector) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureValue> e : vector.features().entrySet()) {
            values.put(e.getKey(), e.getValue().value());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("featureSet", vector.featureSet());
        body.put("key", vector.key().toString());
        body.put("eventTime", vector.eventTime().toString());
        body.put("features", values);
        return body;
    }
}
