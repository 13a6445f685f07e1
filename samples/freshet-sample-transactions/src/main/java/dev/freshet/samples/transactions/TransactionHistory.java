package dev.freshet.samples.transactions;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.BatchSource;
import java.time.Instant;

/**
 * Card transactions from before the stream existed: Parquet files of an older system, amounts in cents, with its own
 * column names. {@link HistoryGenerator} writes a week of them at start if there are none; the backfill of
 * {@link UserTransactionAggregates} reads them. The location is resolved from the configuration when the backfill
 * runs ({@code sample.history.dir}, default {@code ./freshet-data/history}).
 *
 * @param card_holder  the card holder, the stream's {@code user_id}
 * @param amount_cents amount in euro cents
 * @param remote       whether the card was not present
 * @param category     merchant category
 * @param ts           when the transaction happened
 */
@BatchSource(name = "transaction_history", format = BatchFormat.PARQUET,
        path = "${sample.history.dir:./freshet-data/history}/transactions", timestampColumn = "ts")
public record TransactionHistory(String card_holder, long amount_cents, boolean remote, String category,
        Instant ts) {
}
