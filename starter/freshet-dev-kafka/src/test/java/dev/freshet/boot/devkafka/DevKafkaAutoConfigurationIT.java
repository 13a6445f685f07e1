package dev.freshet.boot.devkafka;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.boot.FreshetAutoConfiguration;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.SharedSpark;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The development broker with Spring Kafka's and Freshet's auto-configurations, as an application gets them: it
 * starts first, on the loopback address only, with the declared sources' topics; Spring Kafka's template and
 * Freshet's connection both use it; its records survive a restart of the application on the same log directory.
 */
class DevKafkaAutoConfigurationIT {

    private static final String TOPIC = "dev-page-views";

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, FreshetAutoConfiguration.class,
                        DevKafkaAutoConfiguration.class))
                .withBean(FeatureSetCatalog.class,
                        () -> FeatureSetCatalog.of(List.of(aFeatureSet().name("page-views").topic(TOPIC).build())))
                .withPropertyValues("freshet.dev.embedded-kafka.enabled=true", "freshet.dev.embedded-kafka.port=0",
                        "freshet.dev.embedded-kafka.log-dir=" + dir.resolve("kafka"),
                        "freshet.dev.embedded-kafka.topics=dev-extra",
                        // a wrong address: the development broker must win over it
                        "spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                        "freshet.online.enabled=false", "freshet.offline.enabled=false");
    }

    @BeforeAll
    static void sharedSpark() {
        SharedSpark.session();
    }

    @Test
    void startsBeforeSpringKafkaAndFreshetAndServesBothWithTheDeclaredTopics() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            DevKafkaBroker broker = context.getBean(DevKafkaBroker.class);
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:").doesNotEndWith(":0");
            assertThat(context.getBean(KafkaConnectionDetails.class).getBootstrapServers())
                    .containsExactly(broker.bootstrapServers());
            assertThat(context.getBean(KafkaConnection.class).bootstrapServers()).isEqualTo(broker.bootstrapServers());
            assertThat(topics(broker)).contains(TOPIC, "dev-extra");

            @SuppressWarnings("unchecked")
            KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
            template.send(TOPIC, "u1", "{\"user_id\":\"u1\"}").get(30, TimeUnit.SECONDS);
            assertThat(read(broker, TOPIC)).containsExactly("{\"user_id\":\"u1\"}");
        });
    }

    @Test
    void keepsTopicsAndRecordsAcrossARestartOnTheSameLogDirectory() {
        runner().run(context -> context.getBean(KafkaTemplate.class).send(TOPIC, "u1", "first")
                .get(30, TimeUnit.SECONDS));
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(read(context.getBean(DevKafkaBroker.class), TOPIC)).containsExactly("first");
        });
    }

    @Test
    void listensOnTheLoopbackAddressOnly() throws Exception {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .filter(i -> !isLoopback(i))
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        runner().run(context -> {
            DevKafkaBroker broker = context.getBean(DevKafkaBroker.class);
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress("127.0.0.1", broker.port()), 5_000);
                assertThat(loopback.isConnected()).isTrue();
            }
            if (external.isPresent()) {
                try (Socket outside = new Socket()) {
                    assertThatThrownBy(() ->
                            outside.connect(new InetSocketAddress(external.get(), broker.port()), 5_000))
                            .isInstanceOf(java.net.ConnectException.class);
                }
            }
        });
    }

    @Test
    void aTakenPortIsAStartupErrorThatSaysWhatToSet() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            runner().withPropertyValues("freshet.dev.embedded-kafka.port=" + taken.getLocalPort()).run(context -> {
                assertThat(context).hasFailed();
                assertThat(messages(context.getStartupFailure()))
                        .contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use")
                        .contains("freshet.dev.embedded-kafka.port");
            });
        }
    }

    private static boolean isLoopback(NetworkInterface i) {
        try {
            return i.isLoopback();
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /** The messages of a failure and its causes, one per line. */
    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static Set<String> topics(DevKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> read(DevKafkaBroker broker, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            List<String> values = new java.util.ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
