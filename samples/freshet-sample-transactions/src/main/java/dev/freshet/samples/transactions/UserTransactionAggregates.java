package dev.freshet.samples.transactions;

import static dev.freshet.api.AggregateFunction.AVG;
import static dev.freshet.api.AggregateFunction.BOOLEAN_OR;
import static dev.freshet.api.AggregateFunction.SUM;

import dev.freshet.api.Aggregate;
import dev.freshet.api.Backfill;
import dev.freshet.api.BackfillSource;
import dev.freshet.api.FeatureSetMetadata;
import dev.freshet.api.StreamingFeatureSet;

/**
 * The reference product's aggregation example: average and total transaction amount and whether any transaction was
 * remote, over 1 minute to 7 days — 15 features, from one tiled state per user. Its backfill fills the windows with
 * the week of {@link TransactionHistory} before {@value #HISTORY_END}, so the long windows do not start empty.
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
@Backfill(start = UserTransactionAggregates.HISTORY_START, end = UserTransactionAggregates.HISTORY_END,
        sources = @BackfillSource(name = "transaction_history"),
        sql = """
            SELECT card_holder AS user_id, amount_cents / 100.0D AS amount, remote AS is_remote,
                   category AS merchant_category, ts AS timestamp
            FROM transaction_history""")
@FeatureSetMetadata(
        owner = "risk-team",
        displayName = "User transaction aggregates",
        description = "Average and total amount, and any remote transaction, over the last minute to week",
        tags = {"payments", "fraud"})
public class UserTransactionAggregates {

    /** The first historical event the backfill reads. */
    static final String HISTORY_START = "2026-11-24T00:00:00Z";
    /** The hand-off: events before it come from the history, events from it on from Kafka. */
    static final String HISTORY_END = "2026-12-01T00:00:00Z";
}
