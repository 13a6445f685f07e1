package dev.freshet.samples.transactions;

import dev.freshet.api.FeatureSetMetadata;
import dev.freshet.api.StreamingFeatureSet;

/**
 * Row-level features of each user's latest transaction. The online store keeps, per user, the values of the newest
 * event by event time: a late, older transaction never overwrites a newer one.
 */
@StreamingFeatureSet(
        name = "user-last-transaction",
        key = "user_id",
        source = "transaction_stream",
        timestamp = "timestamp",
        sql = """
                SELECT user_id,
                       amount AS last_amount,
                       is_remote AS last_is_remote,
                       merchant_category AS last_merchant_category,
                       merchant_group(merchant_category) AS last_merchant_group,
                       amount > 500 AS last_is_large,
                       timestamp
                FROM transaction_stream""",
        onlineTrigger = "2s")
@FeatureSetMetadata(
        owner = "risk-team",
        displayName = "User's last transaction",
        description = "Amount, channel, merchant category and its group (a Java SQL function) of each user's latest card transaction")
public class UserLastTransactionFeatures {
}
