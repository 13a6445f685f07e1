package dev.freshet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A Kafka broker in a JVM of a test's own: stop, crash and start on the same port with its records, and no process or
 * directory left behind.
 */
class KafkaBrokerProcessIT {

    @Test
    void keepsItsTopicsAndRecordsAcrossAStopOrACrashAndAStartOnTheSamePort() throws Exception {
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.builder().start()) {
            String bootstrap = kafka.bootstrapServers();
            int port = port(bootstrap);
            kafka.createTopic("kept", 2);
            send(bootstrap, "kept", 0, "before-0");
            send(bootstrap, "kept", 1, "before-1");

            kafka.stop();

            assertThat(kafka.isRunning()).isFalse();
            assertThat(answers(port)).as("the port refuses connections while the broker is down").isFalse();

            kafka.start();

            assertThat(kafka.isRunning()).isTrue();
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            send(bootstrap, "kept", 0, "after-0");

            kafka.kill();

            assertThat(kafka.isRunning()).isFalse();
            assertThat(answers(port)).as("the port refuses connections after a crash").isFalse();

            kafka.start();

            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            send(bootstrap, "kept", 1, "after-1");
            assertThat(kafka.readAll("kept")).extracting(r -> r.partition() + ":" + r.offset() + ":" + value(r))
                    .containsExactly("0:0:before-0", "0:1:after-0", "1:0:before-1", "1:1:after-1");
        }
    }

    @Test
    void closeKillsTheBrokerAndLeavesNoProcessBehind() {
        KafkaBrokerProcess kafka = KafkaBrokerProcess.builder().start();
        int port = port(kafka.bootstrapServers());
        assertThat(descendants()).as("the broker's JVM").hasSize(1);

        kafka.close();

        assertThat(descendants()).as("processes this JVM started and that still run").isEmpty();
        assertThat(answers(port)).isFalse();
        assertThatThrownBy(kafka::start).hasMessage("this Kafka broker is closed; build another");
        kafka.close(); // idempotent
    }

    @Test
    void aJvmThatDiesWithoutClosingItLeavesNoBrokerBehind() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StartsAndHangs.class.getName())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder before = new StringBuilder();
            String line = out.readLine();
            while (line != null && !line.startsWith("bootstrap ")) {
                before.append(line).append('\n');
                line = out.readLine();
            }
            assertThat(line).as("the child JVM's bootstrap line, after:\n" + before).isNotNull();
            int port = port(line.substring("bootstrap ".length()));
            assertThat(answers(port)).isTrue();

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            jvm.waitFor(30, TimeUnit.SECONDS);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !answers(port));
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void aBrokerThatCannotStartSaysWhyFromItsOutput() {
        assertThatThrownBy(() -> KafkaBrokerProcess.builder().property("node.id", "not-a-number").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the Kafka broker's JVM exited with status")
                .hasMessageContaining("Invalid value not-a-number");
    }

    /** Starts a broker, prints its bootstrap servers and waits to be killed. */
    static final class StartsAndHangs {
        public static void main(String[] args) throws InterruptedException {
            KafkaBrokerProcess kafka = KafkaBrokerProcess.builder().start();
            System.out.println("bootstrap " + kafka.bootstrapServers());
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await(); // until killed
        }
    }

    private static void send(String bootstrap, String topic, int partition, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static String value(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    private static int port(String bootstrap) {
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    private static List<String> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(KafkaBrokerProcess.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
