package dev.freshet.spark.deadletter;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.deadletter.DeadLetterReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a feature set's dead-letter topic holds, by reason, and how much of it has been replayed: what an operator
 * looks at before a {@link DeadLetterReplay}.
 *
 * @param featureSet        the feature set
 * @param deadLetterTopic   its dead-letter topic
 * @param reasons           the feature set's dead letters, by reason
 * @param sinceLastReplay   messages of the topic that arrived after the offsets the last replay committed (all of
 *                          them if it was never replayed)
 * @param otherFeatureSets  messages of other feature sets (a shared dead-letter topic)
 * @param unreadable        messages that are no dead letter this version can read
 */
public record DeadLetterSummary(String featureSet, String deadLetterTopic, Map<DeadLetterReason, Counts> reasons,
        long sinceLastReplay, long otherFeatureSets, long unreadable) {

    /**
     * The dead letters of one reason.
     *
     * @param messages       messages in the topic (a source position dead-lettered twice, by a micro-batch run again
     *                       after a failure, counts twice here)
     * @param positions      distinct source positions
     * @param replayed       positions already replayed
     * @param withoutPayload positions whose dead letter has no payload, which cannot be replayed
     * @param truncated      positions whose dead letter carries only the head of a payload larger than
     *                       {@link dev.freshet.core.deadletter.DeadLetter#MAX_PAYLOAD_BYTES}, which cannot be replayed
     */
    public record Counts(long messages, long positions, long replayed, long withoutPayload, long truncated) {

        /** Positions a replay of this reason would re-produce now. */
        public long replayable() {
            return positions - replayed - withoutPayload - truncated;
        }
    }

    /** Checks and copies. */
    public DeadLetterSummary {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(deadLetterTopic, "deadLetterTopic");
        reasons = Collections.unmodifiableMap(reasons.isEmpty() ? new EnumMap<>(DeadLetterReason.class)
                : new EnumMap<>(reasons));
    }
}
