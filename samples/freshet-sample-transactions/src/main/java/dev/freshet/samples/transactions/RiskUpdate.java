package dev.freshet.samples.transactions;

import dev.freshet.api.KafkaSource;
import dev.freshet.api.SourceField;
import java.time.Instant;

/**
 * A message of the user-risk feature set's sink {@code risk-updates}, read back as a source: the sink's JSON
 * ({@code {"featureset_name":"user-risk", "featureset_id":"…", "timestamp":"…", "key":{"user_id":"user-2"},
 * "features":{"sum_risk_1h":…, …}}}) with the key and two features taken from its nested objects by JSON Pointer.
 *
 * @param user_id     the card holder, from {@code key}
 * @param sum_risk_1h total risk over the last hour, as of the message's timestamp
 * @param max_risk_1h highest risk over the last hour
 * @param timestamp   when user-risk read the vector
 */
@KafkaSource(name = "risk_update_stream", topics = "user-risk-updates")
public record RiskUpdate(
        @SourceField(json = "/key/user_id") String user_id,
        @SourceField(json = "/features/sum_risk_1h") Double sum_risk_1h,
        @SourceField(json = "/features/max_risk_1h") Double max_risk_1h,
        Instant timestamp) {
}
