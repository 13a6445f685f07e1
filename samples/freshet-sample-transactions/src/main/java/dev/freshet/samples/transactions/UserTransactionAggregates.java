package dev.freshet.samples.transactions;

import static dev.freshet.api.AggregateFunction.AVG;
import static dev.freshet.api.AggregateFunction.BOOLEAN_OR;
import static dev.freshet.api.AggregateFunction.SUM;

import dev.freshet.api.Aggregate;
import dev.freshet.api.FeatureSetMetadata;
import dev.freshet.api.StreamingFeatureSet;

/**
 * The reference product's aggregation example: average and total transaction amount and whether any transaction was
 * remote, over 1 minute to 7 days — 15 features, from one tiled state per user.
 */
@StreamingFeatureSet(
        name = "user-transaction-aggregates",
        key = "user_id",
        source = "transaction_stream",
        timestamp = "timestamp",
        sql = "SELECT user_id, amount, is_remote, timestamp FROM transaction_stream",
        aggregations = {
            @Aggregate(function = AVG, column = "amount"),
            @Aggregate(function = SUM, column = "amount"),
            @Aggregate(function = BOOLEAN_OR, column = "is_remote", alias = "had_remote_transaction")
        },
        windows = {"1m", "1h", "3h", "1d", "7d"},
        onlineTrigger = "2s")
@FeatureSetMetadata(
        owner = "risk-team",
        displayName = "User transaction aggregates",
        description = "Average and total amount, and any remote transaction, over the last minute to week")
public class UserTransactionAggregates {
}
