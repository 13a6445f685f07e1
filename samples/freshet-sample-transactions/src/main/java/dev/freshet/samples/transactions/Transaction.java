package dev.freshet.samples.transactions;

import dev.freshet.api.KafkaSource;
import java.time.Instant;

/**
 * A card transaction, as JSON on topic {@code transactions}. The components are the source schema: Freshet reads
 * {@code {"user_id":"user-7","amount":12.5,"is_remote":false,"merchant_category":"grocery",
 * "timestamp":"2026-01-01T12:00:00Z"}} strictly, and dead-letters anything else.
 *
 * @param user_id           the card holder
 * @param amount            amount in euros
 * @param is_remote         whether the card was not present
 * @param merchant_category merchant category, such as {@code grocery}
 * @param timestamp         when the transaction happened (ISO-8601, with an offset)
 */
@KafkaSource(name = "transaction_stream", topics = "transactions")
public record Transaction(String user_id, double amount, boolean is_remote, String merchant_category,
        Instant timestamp) {
}
