package dev.freshet.spark.function;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record a task is transforming, and the SQL function failures of its records, for one partition of one task.
 *
 * <p>Spark evaluates the row-level SQL one decoded record at a time within a task, on the task's thread: the decoder
 * hands a record on ({@link #enter}) and its projections and filters run before the decoder is asked for the next one.
 * So a function that throws knows which record it was called for by reading this thread's {@link #current()} record,
 * and records its failure here ({@link #fail}); after the SQL, {@link TransformFailureRouting} turns the rows of that
 * record, or the record itself if a WHERE clause dropped it, into one {@code TRANSFORM_ERROR} dead letter. A typed
 * record transform after the SQL ({@link RecordTransformFunction}) is pulled in the same order, so it records its
 * failures here too, for the record whose row it is given.
 */
public final class RecordInTransform {

    /**
     * Where a record came from.
     *
     * @param topic     source topic
     * @param partition source partition
     * @param offset    source offset
     */
    public record Position(String topic, int partition, long offset) {
    }

    /**
     * A record on which a function threw.
     *
     * @param position       its source position
     * @param kafkaTimestamp its Kafka timestamp
     * @param key            its Kafka key, or null
     * @param payload        its Kafka value
     * @param detail         which function threw what
     */
    public record Failure(Position position, Timestamp kafkaTimestamp, byte[] key, byte[] payload, String detail) {
    }

    private static final ThreadLocal<RecordInTransform> CURRENT = new ThreadLocal<>();

    private Position position;
    private Timestamp kafkaTimestamp;
    private byte[] key;
    private byte[] payload;
    private final Map<Position, Failure> failures = new LinkedHashMap<>();

    private RecordInTransform() {}

    /** Starts the transform of a partition on this thread, forgetting any earlier one's records. */
    public static RecordInTransform begin() {
        RecordInTransform context = new RecordInTransform();
        CURRENT.set(context);
        return context;
    }

    /** Ends the transform of a partition on this thread. */
    public static void end() {
        CURRENT.remove();
    }

    /** The transform going on on this thread, if any. */
    public static Optional<RecordInTransform> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The decoder hands the record at {@code position} to the SQL. */
    public void enter(Position position, Timestamp kafkaTimestamp, byte[] key, byte[] payload) {
        this.position = position;
        this.kafkaTimestamp = kafkaTimestamp;
        this.key = key;
        this.payload = payload;
    }

    /**
     * A function threw on the current record: the first failure of a record is kept (a record is dead-lettered once,
     * however many of its calls fail).
     *
     * @throws IllegalStateException if no record entered
     */
    public void fail(String detail) {
        if (position == null) {
            throw new IllegalStateException("no record is being transformed on this thread");
        }
        failures.putIfAbsent(position, new Failure(position, kafkaTimestamp, key, payload, detail));
    }

    /**
     * The record at {@code at} failed after the SQL (in a record transform): the same as {@link #fail(String)}, once
     * checked that {@code at} is the record being transformed.
     *
     * @throws IllegalStateException if another record (or none) is being transformed on this thread
     */
    public void fail(Position at, String detail) {
        if (!at.equals(position)) {
            throw new IllegalStateException("a transform failed on the record at " + at + " while the record at "
                    + position + " is being transformed on this thread: " + detail);
        }
        fail(detail);
    }

    /** Removes and returns the failure of the record at {@code position}, if its function threw. */
    public Optional<Failure> take(Position position) {
        return Optional.ofNullable(failures.remove(position));
    }

    /** Removes and returns the failures of every record but the one at {@code keep} (which may be null). */
    public List<Failure> takeAllBut(Position keep) {
        List<Failure> taken = new ArrayList<>();
        for (Iterator<Map.Entry<Position, Failure>> i = failures.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<Position, Failure> e = i.next();
            if (!e.getKey().equals(keep)) {
                taken.add(e.getValue());
                i.remove();
            }
        }
        return taken;
    }
}
