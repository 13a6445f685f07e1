package dev.freshet.spark.deadletter;

import dev.freshet.core.deadletter.DeadLetter;
import java.io.Serializable;

/**
 * A destination of dead letters other than a Kafka topic, shipped to executors with its {@link DeadLetterTarget}: the
 * test kit's in-process list of a driver's dead letters. Called in the task, once per dead letter, with the source
 * record's Kafka key.
 */
public interface DeadLetterCollector extends Serializable {

    /** Takes one dead letter of the running task. */
    void collect(DeadLetter letter, byte[] key);
}
