package dev.freshet.samples.transactions;

import static dev.freshet.api.AggregateFunction.AVG;
import static dev.freshet.api.AggregateFunction.COUNT;
import static dev.freshet.api.AggregateFunction.SUM;

import dev.freshet.api.Aggregate;
import dev.freshet.api.FeatureSetMetadata;
import dev.freshet.api.StreamingFeatureSet;

/**
 * Failed login attempts per user over sliding 1, 5, 10 and 15 second windows — the fraud features of the
 * login-attempts pipeline, which there take one streaming process per window. Here it is one feature set: each event
 * updates one 1-second and one 5-second tile, and every window is exact (its edges fall on 1-second tiles).
 * Features: {@code failed_attempts_1s} … {@code failed_attempts_15s}, {@code attempts_*}, {@code failure_ratio_*}.
 */
@StreamingFeatureSet(
        name = "login-attempts",
        key = "user_id",
        source = "login_stream",
        timestamp = "timestamp",
        sql = "SELECT user_id, CASE WHEN success THEN 0 ELSE 1 END AS failed, timestamp FROM login_stream",
        aggregations = {
            @Aggregate(function = SUM, column = "failed", alias = "failed_attempts"),
            @Aggregate(function = COUNT, column = "failed", alias = "attempts"),
            @Aggregate(function = AVG, column = "failed", alias = "failure_ratio")
        },
        windows = {"1s", "5s", "10s", "15s"},
        onlineTrigger = "1s",
        allowedLateness = "5s")
@FeatureSetMetadata(
        owner = "fraud-team",
        displayName = "Login attempts",
        description = "Failed and total login attempts per user over the last 1, 5, 10 and 15 seconds")
public class LoginAttemptFeatures {
}
