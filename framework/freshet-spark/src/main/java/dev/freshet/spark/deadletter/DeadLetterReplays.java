package dev.freshet.spark.deadletter;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.spark.source.KafkaConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The dead-letter replays of one engine: builds each feature set's {@link DeadLetterReplay} from the engine's
 * dead-letter settings, and runs one replay per feature set at a time in this application (across applications, the
 * replay's Kafka transactions fence an older one). Thread-safe.
 */
public final class DeadLetterReplays {

    private final KafkaConnection kafka;
    private final String topicPattern;
    private final boolean createTopics;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    /**
     * Replays through {@code kafka} of dead letters in the topics {@code topicPattern} names.
     *
     * @param createTopics whether replays create their {@code .replayed} topic when missing
     */
    public DeadLetterReplays(KafkaConnection kafka, String topicPattern, boolean createTopics, Duration timeout,
            MeterRegistry meters) {
        this.kafka = requireNonNull(kafka, "kafka");
        this.topicPattern = requireNonNull(topicPattern, "topicPattern");
        this.createTopics = createTopics;
        this.timeout = requireNonNull(timeout, "timeout");
        this.meters = requireNonNull(meters, "meters");
    }

    /**
     * Replays {@code spec}'s dead letters as {@code options} says ({@link DeadLetterReplay#replay}).
     *
     * @throws IllegalStateException if a replay of the feature set is already going on in this application
     */
    public ReplayReport replay(FeatureSetSpec spec, ReplayOptions options) {
        ReentrantLock lock = running.computeIfAbsent(spec.name(), n -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new IllegalStateException("feature set \"" + spec.name() + "\": a dead-letter replay is already"
                    + " going on in this application; wait for its report");
        }
        try {
            return of(spec).replay(options);
        } finally {
            lock.unlock();
        }
    }

    /** What {@code spec}'s dead-letter topic holds ({@link DeadLetterReplay#summary}). */
    public DeadLetterSummary summary(FeatureSetSpec spec) {
        return of(spec).summary();
    }

    private DeadLetterReplay of(FeatureSetSpec spec) {
        return new DeadLetterReplay(spec, kafka, DeadLetterTopics.topic(topicPattern, spec.name()), createTopics,
                timeout, meters);
    }
}
