package dev.freshet.spark.deadletter;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.deadletter.DeadLetterReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What one {@link DeadLetterReplay} did with the messages its dead-letter topic held when it started: which it
 * re-produced to the source topics, by reason, and which it skipped, by why and reason. Every message read is in
 * exactly one count.
 *
 * @param featureSet      the feature set whose dead letters were replayed
 * @param deadLetterTopic the topic they were read from
 * @param replayed        dead letters re-produced to their source topic, by reason
 * @param skipped         dead letters not re-produced, by why, then by reason
 * @param unreadable      messages of the topic that are no dead letter this version can read (logged with their
 *                        offsets)
 */
public record ReplayReport(String featureSet, String deadLetterTopic, Map<DeadLetterReason, Long> replayed,
        Map<Skip, Map<DeadLetterReason, Long>> skipped, long unreadable) {

    /** Why a dead letter was not replayed. */
    public enum Skip {
        /** Its source position was replayed before (by an earlier replay, or as a duplicate earlier in this one). */
        ALREADY_REPLAYED,
        /** Its reason is not one the replay was asked for ({@link ReplayOptions#reasons()}). */
        REASON_NOT_CHOSEN,
        /**
         * It has no payload to re-produce: a row rejected after the transform (its source position locates the raw
         * record), a LATE or FUTURE_EVENT_TIME event, or a record that had no value.
         */
        NO_PAYLOAD,
        /**
         * It carries only the head of its payload ({@code "payload_truncated":true}: a record larger than
         * {@link dev.freshet.core.deadletter.DeadLetter#MAX_PAYLOAD_BYTES}); its source position locates the whole
         * record.
         */
        PAYLOAD_TRUNCATED,
        /** Its source topic is no longer one the feature set reads. */
        NOT_A_SOURCE_TOPIC,
        /** It is another feature set's (a dead-letter topic that several feature sets share). */
        OTHER_FEATURE_SET
    }

    /** Checks and copies the counts. */
    public ReplayReport {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(deadLetterTopic, "deadLetterTopic");
        requireNonNull(skipped, "skipped");
        replayed = copy(requireNonNull(replayed, "replayed"));
        Map<Skip, Map<DeadLetterReason, Long>> skips = new EnumMap<>(Skip.class);
        skipped.forEach((why, byReason) -> {
            if (!byReason.isEmpty()) {
                skips.put(why, copy(byReason));
            }
        });
        skipped = Collections.unmodifiableMap(skips);
    }

    /** Dead letters re-produced, in all. */
    public long replayedTotal() {
        return sum(replayed);
    }

    /** Dead letters skipped because of {@code why}, in all. */
    public long skipped(Skip why) {
        return sum(skipped.getOrDefault(why, Map.of()));
    }

    /** Messages read from the dead-letter topic, in all: replayed, skipped and unreadable. */
    public long read() {
        long n = replayedTotal() + unreadable;
        for (Skip why : Skip.values()) {
            n += skipped(why);
        }
        return n;
    }

    /** One line, as the replay logs it: {@code replayed 3 {TYPE_MISMATCH=3}; skipped: already replayed 1 {...}}. */
    @Override
    public String toString() {
        StringJoiner skips = new StringJoiner(", ");
        skipped.forEach((why, byReason) -> skips.add(why.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + " " + sum(byReason) + " " + byReason));
        return "feature set " + featureSet + ": read " + read() + " messages of " + deadLetterTopic + "; replayed "
                + replayedTotal() + " " + replayed + "; skipped " + (skips.length() == 0 ? "none" : skips)
                + (unreadable > 0 ? "; unreadable " + unreadable : "");
    }

    private static Map<DeadLetterReason, Long> copy(Map<DeadLetterReason, Long> counts) {
        Map<DeadLetterReason, Long> copy = new EnumMap<>(DeadLetterReason.class);
        counts.forEach((reason, n) -> {
            if (n != 0) {
                copy.put(reason, n);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static long sum(Map<DeadLetterReason, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
