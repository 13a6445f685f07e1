package dev.freshet.samples.transactions;

import java.time.Clock;
import java.util.Random;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Produces login attempts to the {@code logins} topic: mostly successful, except for a few users under a
 * brute-force attack whose attempts mostly fail, so that {@code failed_attempts_5s} has something to show.
 */
public class LoginGenerator extends EventGenerator {

    private final SampleProperties.Generator settings;
    private final Clock clock;
    private final Random random = new Random(7);

    /** A generator sending through {@code kafka}. */
    public LoginGenerator(KafkaTemplate<String, String> kafka, SampleProperties.Generator settings, Clock clock) {
        super(kafka, settings.loginTopic(), settings.loginRate());
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    String[] event(long n) {
        int u = random.nextInt(settings.users());
        String user = "user-" + u;
        boolean attacked = u % 10 == 3;
        boolean success = attacked ? random.nextInt(10) == 0 : random.nextInt(20) != 0;
        String ip = attacked ? "203.0.113." + random.nextInt(255) : "10.0." + (u / 250) + "." + (u % 250);
        return new String[] {user, "{\"user_id\":\"" + user + "\",\"ip_address\":\"" + ip + "\",\"success\":"
                + success + ",\"timestamp\":\"" + clock.instant().minusMillis(random.nextInt(500)) + "\"}"};
    }
}
