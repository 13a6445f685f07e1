package dev.freshet.samples.transactions;

import static dev.freshet.api.AggregateFunction.MAX;
import static dev.freshet.api.AggregateFunction.SUM;

import dev.freshet.api.Aggregate;
import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.FeatureSetMetadata;
import dev.freshet.api.KafkaSink;
import dev.freshet.api.RecordTransform;
import dev.freshet.api.StreamingFeatureSet;
import java.time.Instant;
import java.util.Optional;

/**
 * A risk score per transaction, written as a typed record transform: plain Java from the source's {@link Transaction}
 * to a {@link Scored} record, which the processor checked against the aggregations and turned into generated code
 * that converts Spark rows to records and back ({@code docs/transforms.md}). The score is summed and maximised over the
 * last hour and day.
 *
 * <p>The online job also sends each user's updated vector to the topic {@code user-risk-updates} (a Kafka sink,
 * {@code docs/sinks.md}), which {@link UserRiskAlertFeatures} reads as its source: a chain of two feature sets.
 */
@StreamingFeatureSet(
        name = "user-risk",
        key = "user_id",
        source = "transaction_stream",
        timestamp = "timestamp",
        aggregations = {
            @Aggregate(function = SUM, column = "risk"),
            @Aggregate(function = MAX, column = "risk")
        },
        windows = {"1h", "1d"},
        onlineTrigger = "2s")
@KafkaSink(name = "risk-updates", topic = "user-risk-updates", attachment = AttachmentPoint.ONLINE)
@FeatureSetMetadata(
        owner = "risk-team",
        displayName = "User risk",
        description = "Total and highest risk score (amount weighted by channel and merchant category) of each user's"
                + " transactions over the last hour and day")
public class UserRiskFeatures {

    /**
     * One scored transaction: the feature set's output columns.
     *
     * @param user_id   the card holder
     * @param risk      the amount, doubled when the card was not present, weighted by merchant category
     * @param timestamp when the transaction happened
     */
    public record Scored(String user_id, double risk, Instant timestamp) {
    }

    /** The score of a transaction; none for a refund or a zero amount, which carry no spending risk. */
    @RecordTransform
    public static Optional<Scored> score(Transaction t) {
        if (t.amount() <= 0) {
            return Optional.empty();
        }
        double channel = t.is_remote() ? 2.0 : 1.0;
        return Optional.of(new Scored(t.user_id(), t.amount() * channel * weight(t.merchant_category()),
                t.timestamp()));
    }

    private static double weight(String category) {
        return switch (category == null ? "" : category) {
            case "travel" -> 1.5;
            case "electronics" -> 1.3;
            default -> 1.0;
        };
    }
}
