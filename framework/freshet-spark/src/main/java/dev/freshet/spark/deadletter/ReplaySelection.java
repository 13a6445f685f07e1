package dev.freshet.spark.deadletter;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.spark.deadletter.ReplayReport.Skip;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which dead letters of a feature set a replay re-produces, decided from the message alone and the positions already
 * replayed: the pure part of {@link DeadLetterReplay}.
 *
 * @param featureSet   the feature set replayed
 * @param sourceTopics the topics it reads now
 * @param options      the reasons chosen
 */
record ReplaySelection(String featureSet, List<String> sourceTopics, ReplayOptions options) {

    ReplaySelection {
        requireNonNull(featureSet, "featureSet");
        sourceTopics = List.copyOf(sourceTopics);
        requireNonNull(options, "options");
    }

    /**
     * Why {@code message}'s dead letter is not replayed, or empty if it is.
     *
     * @param replayed the keys ({@link #key}) of the positions replayed so far
     */
    Optional<Skip> skip(DeadLetter.Parsed message, Set<String> replayed) {
        DeadLetter deadLetter = message.deadLetter();
        if (!deadLetter.featureSet().equals(featureSet)) {
            return Optional.of(Skip.OTHER_FEATURE_SET);
        }
        if (!options.reasons().contains(deadLetter.reason())) {
            return Optional.of(Skip.REASON_NOT_CHOSEN);
        }
        if (deadLetter.payload() == null) {
            return Optional.of(Skip.NO_PAYLOAD);
        }
        if (message.payloadTruncated()) {
            return Optional.of(Skip.PAYLOAD_TRUNCATED);
        }
        if (replayed.contains(key(deadLetter))) {
            return Optional.of(Skip.ALREADY_REPLAYED);
        }
        if (!sourceTopics.contains(deadLetter.topic())) {
            return Optional.of(Skip.NOT_A_SOURCE_TOPIC);
        }
        return Optional.empty();
    }

    /**
     * The key under which a replay records that it replayed {@code deadLetter}'s source position:
     * {@code <feature set>:<topic>/<partition>/<offset>} (the feature set, because a dead-letter topic may be shared;
     * a colon appears in neither name).
     */
    static String key(DeadLetter deadLetter) {
        return deadLetter.featureSet() + ":" + deadLetter.position();
    }

    /** Whether {@code key} is one of {@code featureSet}'s positions. */
    static boolean isOf(String key, String featureSet) {
        return key.startsWith(featureSet + ":");
    }
}
