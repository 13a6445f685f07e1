package dev.freshet.samples.transactions;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/** Produces events to one topic at a steady rate, on a thread of its own, for the life of the application. */
abstract class EventGenerator implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(EventGenerator.class);

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final int rate;
    private final AtomicLong sent = new AtomicLong();
    private ScheduledExecutorService executor;

    EventGenerator(KafkaTemplate<String, String> kafka, String topic, int rate) {
        this.kafka = kafka;
        this.topic = topic;
        this.rate = rate;
    }

    /** The key and value of event number {@code n} (from 1). */
    abstract String[] event(long n);

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "generator-" + topic));
        executor.scheduleAtFixedRate(() -> {
            String[] e = event(sent.incrementAndGet());
            kafka.send(topic, e[0], e[1]);
        }, 0, 1_000_000L / Math.max(1, rate), TimeUnit.MICROSECONDS);
        LOG.info("Generating {} events a second on topic {}", rate, topic);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            LOG.info("Generator of topic {} stopped after {} events", topic, sent.get());
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
