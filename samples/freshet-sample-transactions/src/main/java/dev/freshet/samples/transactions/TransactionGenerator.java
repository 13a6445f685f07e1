package dev.freshet.samples.transactions;

import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Produces transactions to the {@code transactions} topic: {@code sample.generator.rate} a second over
 * {@code sample.generator.users} users, event time "now" with a little jitter into the past. One event in
 * {@code sample.generator.malformed-every} is bad on purpose — not JSON, a wrong-typed amount, or no user — so the
 * dead-letter topic has something to show.
 */
public class TransactionGenerator extends EventGenerator {

    private static final String[] CATEGORIES = {"grocery", "travel", "electronics", "restaurants", "fuel"};

    private final SampleProperties.Generator settings;
    private final Clock clock;
    private final Random random = new Random(42);

    /** A generator sending through {@code kafka}. */
    public TransactionGenerator(KafkaTemplate<String, String> kafka, SampleProperties.Generator settings,
            Clock clock) {
        super(kafka, settings.topic(), settings.rate());
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    String[] event(long n) {
        String user = "user-" + random.nextInt(settings.users());
        Instant eventTime = clock.instant().minusMillis(random.nextInt(2_000));
        if (settings.malformedEvery() > 0 && n % settings.malformedEvery() == 0) {
            return new String[] {user, malformed(user, eventTime, (int) (n / settings.malformedEvery()))};
        }
        double amount = Math.round(Math.exp(random.nextGaussian() + 3.5) * 100) / 100.0;
        return new String[] {user, "{\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"is_remote\":"
                + random.nextBoolean() + ",\"merchant_category\":\"" + CATEGORIES[random.nextInt(CATEGORIES.length)]
                + "\",\"timestamp\":\"" + eventTime + "\"}"};
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
