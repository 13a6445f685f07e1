package dev.freshet.spark.deadletter;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/** Creates the Kafka clients of a {@link DeadLetterReplay}, from complete client properties. */
interface ReplayClients {

    /** Plain Kafka clients. */
    ReplayClients KAFKA = new ReplayClients() {
        @Override
        public Producer<byte[], byte[]> producer(Map<String, Object> properties) {
            return new KafkaProducer<>(properties);
        }

        @Override
        public Consumer<byte[], byte[]> consumer(Map<String, Object> properties) {
            return new KafkaConsumer<>(properties);
        }
    };

    /** A transactional producer with these properties. */
    Producer<byte[], byte[]> producer(Map<String, Object> properties);

    /** A consumer with these properties. */
    Consumer<byte[], byte[]> consumer(Map<String, Object> properties);
}
