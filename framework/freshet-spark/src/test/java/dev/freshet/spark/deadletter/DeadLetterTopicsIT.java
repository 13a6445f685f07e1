package dev.freshet.spark.deadletter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.freshet.core.error.FreshetException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checking a dead-letter topic (when a job starts, also each restart of a supervised job) on a broker that is down
 * ends within the io-timeout and names the broker, whichever timeout runs out first.
 */
class DeadLetterTopicsIT {

    @Test
    void aBrokerThatDoesNotAnswerIsNamedWhenFreshetsTimeoutRunsOutFirst() throws IOException {
        String servers = "127.0.0.1:" + closedPort();

        // Before, the admin client's close waited for its pending request for a minute after the timeout.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> DeadLetterTopics.ensure(
                Map.of("bootstrap.servers", servers), "freshet.dlq.x", Duration.ofSeconds(1)))
                .isInstanceOf(FreshetException.class)
                .hasMessage("Kafka did not answer within PT1S while checking dead-letter topic \"freshet.dlq.x\"; is"
                        + " the broker at " + servers + " running?"), "checking the topic took far longer than 1 s");
    }

    @Test
    void aBrokerThatDoesNotAnswerIsNamedWhenTheClientsTimeoutRunsOutFirst() throws IOException {
        String servers = "127.0.0.1:" + closedPort();

        // Before, this read "cannot create dead-letter topic ...; create it yourself", for a topic that may exist.
        assertThatThrownBy(() -> DeadLetterTopics.ensure(Map.of("bootstrap.servers", servers,
                "default.api.timeout.ms", "1000", "request.timeout.ms", "1000"), "freshet.dlq.x", Duration.ofSeconds(30)))
                .isInstanceOf(FreshetException.class)
                .hasMessage("Kafka did not answer within PT30S while checking dead-letter topic \"freshet.dlq.x\"; is"
                        + " the broker at " + servers + " running?")
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    /** A loopback port nobody listens on (now). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
