package dev.freshet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.SecurityProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.junit.jupiter.api.Test;

/**
 * A secured broker: its listeners on ports of their own, its SCRAM user created, and nothing left behind — no
 * process, no port, no key or store — once closed. Logging in over each listener is checked where the client
 * properties are made, in freshet-spark's {@code KafkaSecurityIT}.
 */
class SecuredKafkaBrokerIT {

    @Test
    void servesEveryListenerOnItsOwnPortAndLeavesNothingBehind() throws Exception {
        SecuredKafkaBroker kafka = SecuredKafkaBroker.start();
        List<String> servers = List.of(kafka.process().bootstrapServers(),
                kafka.bootstrapServers(SecurityProtocol.SASL_PLAINTEXT), kafka.bootstrapServers(SecurityProtocol.SSL),
                kafka.bootstrapServers(SecurityProtocol.SASL_SSL), kafka.bootstrapServersRequiringClientCertificate());
        try {
            assertThat(servers).doesNotHaveDuplicates().allMatch(SecuredKafkaBrokerIT::answers);
            assertThat(scramMechanisms(kafka))
                    .containsExactlyInAnyOrder(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512);
            assertThat(kafka.password()).contains("\"", "\\", " ");
            assertThat(kafka.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(kafka.clientKeyStorePem()).contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----");
            assertThat(kafka.trustStore()).isRegularFile();
            assertThat(kafka.clientKeyStore()).isRegularFile();
            assertThatThrownBy(() -> kafka.process().bootstrapServers("SASL_SCRAM"))
                    .hasMessage("this Kafka broker has no listener SASL_SCRAM, only PLAINTEXT and SASL_PLAINTEXT, SSL,"
                            + " SASL_SSL, MTLS: add it with KafkaBrokerProcess.builder().listener(name, protocol)");
        } finally {
            kafka.close();
        }

        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes this JVM started and that still run").isEmpty();
        assertThat(servers).noneMatch(SecuredKafkaBrokerIT::answers);
        assertThat(Files.exists(kafka.trustStore().getParent())).as("the directory of the stores").isFalse();
        kafka.close(); // idempotent
    }

    @Test
    void aListenerNameIsUpperCaseAndFree() {
        KafkaBrokerProcess.Builder builder = KafkaBrokerProcess.builder().listener("SASL_SSL", SecurityProtocol.SASL_SSL);

        for (String name : List.of("SASL_SSL", "PLAINTEXT", "CONTROLLER", "sasl_ssl", "")) {
            assertThatThrownBy(() -> builder.listener(name, SecurityProtocol.SSL)).as(name)
                    .hasMessage("listener name \"" + name + "\" is invalid or taken: use upper-case letters, digits"
                            + " and '_', once each, other than PLAINTEXT and CONTROLLER");
        }
    }

    private static List<ScramMechanism> scramMechanisms(SecuredKafkaBroker kafka) throws Exception {
        Properties plain = new Properties();
        plain.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.process().bootstrapServers());
        try (Admin admin = Admin.create(plain)) {
            UserScramCredentialsDescription user = admin.describeUserScramCredentials(List.of(kafka.user()))
                    .description(kafka.user()).get(30, TimeUnit.SECONDS);
            return user.credentialInfos().stream().map(c -> c.mechanism()).toList();
        }
    }

    private static boolean answers(String server) {
        String[] hostPort = server.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
