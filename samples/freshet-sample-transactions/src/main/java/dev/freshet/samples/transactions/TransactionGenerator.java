package dev.freshet.samples.transactions;

import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Produces transactions to the {@code transactions} topic: {@code sample.generator.rate} a second over
 * {@code sample.generator.users} users, event time "now" with a little jitter into the past. One event in
 * {@code sample.generator.malformed-every} is bad on purpose — not JSON, a wrong-typed amount, or no user — so the
 * dead-letter topic has something to show.
 */
public class TransactionGenerator implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionGenerator.class);
    private static final String[] CATEGORIES = {"grocery", "travel", "electronics", "restaurants", "fuel"};

    private final KafkaTemplate<String, String> kafka;
    private final SampleProperties.Generator settings;
    private final Clock clock;
    private final Random random = new Random(42);
    private final AtomicLong sent = new AtomicLong();
    private ScheduledExecutorService executor;

    /** A generator sending through {@code kafka}. */
    public TransactionGenerator(KafkaTemplate<String, String> kafka, SampleProperties.Generator settings,
            Clock clock) {
        this.kafka = kafka;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "transaction-generator"));
        long periodMicros = 1_000_000L / Math.max(1, settings.rate());
        executor.scheduleAtFixedRate(this::sendOne, 0, periodMicros, TimeUnit.MICROSECONDS);
        LOG.info("Generating {} transactions a second for {} users on topic {}", settings.rate(), settings.users(),
                settings.topic());
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            LOG.info("Transaction generator stopped after {} events", sent.get());
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Events sent so far. */
    public long sent() {
        return sent.get();
    }

    private void sendOne() {
        long n = sent.incrementAndGet();
        String user = "user-" + random.nextInt(settings.users());
        Instant eventTime = clock.instant().minusMillis(random.nextInt(2_000));
        String value;
        if (settings.malformedEvery() > 0 && n % settings.malformedEvery() == 0) {
            value = malformed(user, eventTime, (int) (n / settings.malformedEvery()));
        } else {
            double amount = Math.round(Math.exp(random.nextGaussian() + 3.5) * 100) / 100.0;
            value = "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":" + random.nextBoolean()
                    + ",\"merchant_category\":\"" + CATEGORIES[random.nextInt(CATEGORIES.length)]
                    + "\",\"timestamp\":\"" + eventTime + "\"}";
        }
        kafka.send(settings.topic(), user, value);
    }

    private static String malformed(String user, Instant eventTime, int which) {
        return switch (which % 3) {
            case 0 -> "{\"user_id\":\"" + user + "\",\"amount\":";
            case 1 -> "{\"user_id\":\"" + user + "\",\"amount\":\"twelve\",\"is_remote\":false,"
                    + "\"merchant_category\":\"fuel\",\"timestamp\":\"" + eventTime + "\"}";
            default -> "{\"amount\":12.5,\"is_remote\":false,\"merchant_category\":\"fuel\",\"timestamp\":\""
                    + eventTime + "\"}";
        };
    }
}
