package dev.freshet.samples.transactions;

import dev.freshet.api.FeatureSetMetadata;
import dev.freshet.api.StreamingFeatureSet;

/**
 * The second link of a chain: row-level alerts computed from the vectors the user-risk feature set sends to its sink
 * topic ({@link RiskUpdate}). Each message of user-risk becomes a row here, so a user's alert follows the latest
 * risk vector that user-risk read.
 */
@StreamingFeatureSet(
        name = "user-risk-alert",
        key = "user_id",
        source = "risk_update_stream",
        timestamp = "timestamp",
        sql = """
                SELECT user_id,
                       sum_risk_1h AS risk_1h,
                       coalesce(sum_risk_1h > 2000 OR max_risk_1h > 800, false) AS alert,
                       timestamp
                FROM risk_update_stream""",
        onlineTrigger = "2s")
@FeatureSetMetadata(
        owner = "risk-team",
        displayName = "User risk alert",
        description = "Whether a user's risk over the last hour (from the user-risk feature set's sink) calls for a"
                + " review")
public class UserRiskAlertFeatures {
}
