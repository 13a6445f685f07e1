package dev.freshet.spark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.secret.SecretResolver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KafkaSecurityPropertiesTest {

    private static final String OWNER = "sink \"risk-updates\" of feature set user-risk";
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nQ0EgY2VydA==\n-----END CERTIFICATE-----\n";
    private static final String LEAF_PEM = "-----BEGIN CERTIFICATE-----\nbGVhZg==\n-----END CERTIFICATE-----\n";
    private static final String KEY_PEM = "-----BEGIN PRIVATE KEY-----\na2V5LXNlY3JldA==\n-----END PRIVATE KEY-----\n";
    private static final String ENCRYPTED_KEY_PEM = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nZW5jcnlwdGVk\n"
            + "-----END ENCRYPTED PRIVATE KEY-----\n";

    private final Map<String, String> values = new HashMap<>(Map.of(
            "kafka-user", "risk-writer",
            "kafka-password", "pw-1f9e",
            "kafka-truststore", CA_PEM,
            "kafka-keystore", KEY_PEM + LEAF_PEM + CA_PEM,
            "kafka-keystore-password", "ks-pw-77ab"));
    private final SecretResolver secrets = SecretResolver.of(values::get, "the test's secrets");

    @Test
    void noSecurityIsNoProperties() {
        assertThat(KafkaSecurityProperties.resolve(KafkaSecuritySpec.NONE, secrets, OWNER)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"PLAIN", "SCRAM_SHA_256", "SCRAM_SHA_512"})
    void saslPlaintextLogsInWithTheMechanismsLoginModuleAndTheSecretsValues(SaslMechanism mechanism) {
        Map<String, String> properties = KafkaSecurityProperties.resolve(
                sasl(SecurityProtocol.SASL_PLAINTEXT, mechanism), secrets, OWNER);

        assertThat(properties).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config")
                .contains(entry("security.protocol", "SASL_PLAINTEXT"), entry("sasl.mechanism", mechanism.kafkaName()));
        AppConfigurationEntry login = jaas(properties);
        assertThat(login.getLoginModuleName()).isEqualTo(mechanism == SaslMechanism.PLAIN
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(login.getControlFlag()).isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
        assertThat(login.getOptions()).isEqualTo(Map.of("username", "risk-writer", "password", "pw-1f9e"));
    }

    @Test
    void quotesBackslashesLineBreaksAndJaasSyntaxInCredentialsReachKafkaUnchanged() {
        String password = "a\"b\\c\\\\\"d'e;f=g /* h */ // i\nj\rk\\n\u00e9\u4e2d";
        values.put("kafka-password", password);
        values.put("kafka-user", "us\"er\\");

        Map<String, String> properties = KafkaSecurityProperties.resolve(
                sasl(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512), secrets, OWNER);

        assertThat(properties.get("sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"us\\\"er\\\\\""
                        + " password=\"a\\\"b\\\\c\\\\\\\\\\\"d'e;f=g /* h */ // i\\nj\\rk\\\\n\u00e9\u4e2d\";");
        assertThat(jaas(properties).getOptions()).isEqualTo(Map.of("username", "us\"er\\", "password", password));
    }

    @Test
    void sslWithPemTextTrustsItsCertificates() {
        Map<String, String> properties = KafkaSecurityProperties.resolve(
                trust(SecurityProtocol.SSL, "kafka-truststore", ""), secrets, OWNER);

        assertThat(properties).containsExactly(entry("security.protocol", "SSL"),
                entry("ssl.truststore.type", "PEM"), entry("ssl.truststore.certificates", CA_PEM));
    }

    @Test
    void sslWithoutATrustStoreLeavesTrustToTheJvm() {
        assertThat(KafkaSecurityProperties.resolve(trust(SecurityProtocol.SSL, "", ""), secrets, OWNER))
                .containsExactly(entry("security.protocol", "SSL"));
    }

    @Test
    void aTrustStorePathBecomesALocationOfTheTypeItsExtensionSays() {
        values.put("store-password", "tspw-5c");
        for (Map.Entry<String, String> file : Map.of("/etc/kafka/trust.p12", "PKCS12", "/etc/kafka/trust.PFX",
                "PKCS12", "/etc/kafka/trust.jks", "JKS").entrySet()) {
            values.put("kafka-truststore", file.getKey());

            Map<String, String> properties = KafkaSecurityProperties.resolve(
                    trust(SecurityProtocol.SSL, "kafka-truststore", "store-password"), secrets, OWNER);

            assertThat(properties).as(file.getKey()).containsExactly(entry("security.protocol", "SSL"),
                    entry("ssl.truststore.type", file.getValue()), entry("ssl.truststore.location", file.getKey()),
                    entry("ssl.truststore.password", "tspw-5c"));
        }
        values.put("kafka-truststore", "/etc/kafka/ca.crt");
        assertThat(KafkaSecurityProperties.resolve(trust(SecurityProtocol.SSL, "kafka-truststore", ""), secrets, OWNER))
                .containsExactly(entry("security.protocol", "SSL"), entry("ssl.truststore.type", "PEM"),
                        entry("ssl.truststore.location", "/etc/kafka/ca.crt"));
    }

    @Test
    void saslSslHasBothTheLoginAndTheTrust() {
        Map<String, String> properties = KafkaSecurityProperties.resolve(new KafkaSecuritySpec(
                SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_256, "kafka-user", "kafka-password",
                "kafka-truststore", "", "", ""), secrets, OWNER);

        assertThat(properties).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.type", "ssl.truststore.certificates")
                .contains(entry("security.protocol", "SASL_SSL"), entry("sasl.mechanism", "SCRAM-SHA-256"),
                        entry("ssl.truststore.certificates", CA_PEM));
        assertThat(jaas(properties).getOptions().get("password")).isEqualTo("pw-1f9e");
    }

    @Test
    void aPemKeyStoreIsSplitIntoItsKeyAndItsCertificateChain() {
        Map<String, String> properties = KafkaSecurityProperties.resolve(
                keyStore(), secrets, OWNER);

        assertThat(properties).containsExactly(entry("security.protocol", "SSL"),
                entry("ssl.keystore.type", "PEM"), entry("ssl.keystore.key", KEY_PEM),
                entry("ssl.keystore.certificate.chain", LEAF_PEM + CA_PEM));
    }

    @Test
    void anEncryptedPemKeyIsOpenedWithTheKeyStorePassword() {
        values.put("kafka-keystore", LEAF_PEM + ENCRYPTED_KEY_PEM);

        Map<String, String> properties = KafkaSecurityProperties.resolve(
                keyStore(), secrets, OWNER);

        assertThat(properties).containsExactly(entry("security.protocol", "SSL"),
                entry("ssl.keystore.type", "PEM"), entry("ssl.keystore.key", ENCRYPTED_KEY_PEM),
                entry("ssl.keystore.certificate.chain", LEAF_PEM), entry("ssl.key.password", "ks-pw-77ab"));
    }

    @Test
    void aKeyStoreFileOpensWithItsPasswordAsStoreAndKeyPassword() {
        values.put("kafka-keystore", "/etc/kafka/client.p12");

        Map<String, String> properties = KafkaSecurityProperties.resolve(
                keyStore(), secrets, OWNER);

        assertThat(properties).containsExactly(entry("security.protocol", "SSL"),
                entry("ssl.keystore.type", "PKCS12"), entry("ssl.keystore.location", "/etc/kafka/client.p12"),
                entry("ssl.keystore.password", "ks-pw-77ab"), entry("ssl.key.password", "ks-pw-77ab"));
    }

    @Test
    void aMissingSecretNamesTheOwnerAndTheSecretAndNoValue() {
        values.remove("kafka-password");

        assertThatThrownBy(() -> KafkaSecurityProperties.resolve(
                sasl(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_256), secrets, OWNER))
                .isInstanceOfSatisfying(FreshetException.class, e -> assertThat(e.restartCanFix()).isFalse())
                .hasMessage("sink \"risk-updates\" of feature set user-risk cannot connect to Kafka without its SASL"
                        + " password: secret \"kafka-password\" is not defined: looked in the test's secrets. Define"
                        + " it there (its value is never logged), or correct the name")
                .hasMessageNotContaining("risk-writer");
    }

    @Test
    void anInvalidSecretNameNamesTheOwner() {
        KafkaSecuritySpec spec = new KafkaSecuritySpec(SecurityProtocol.SASL_SSL, SaslMechanism.PLAIN, "kafka-user",
                "../kafka password", "", "", "", "");

        assertThatThrownBy(() -> KafkaSecurityProperties.resolve(spec, secrets, OWNER))
                .isInstanceOf(FreshetException.class)
                .hasMessage("sink \"risk-updates\" of feature set user-risk cannot connect to Kafka without its SASL"
                        + " password: \"../kafka password\" is no secret name: use letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit");
    }

    @Test
    void aSaslSpecWithoutSecretNamesSaysWhichToName() {
        KafkaSecuritySpec spec = new KafkaSecuritySpec(SecurityProtocol.SASL_SSL, SaslMechanism.PLAIN, "", "", "",
                "", "", "");

        assertThatThrownBy(() -> KafkaSecurityProperties.resolve(spec, secrets, OWNER))
                .isInstanceOf(FreshetException.class)
                .hasMessage("sink \"risk-updates\" of feature set user-risk: SASL PLAIN needs a user name and a"
                        + " password: name their secrets in its @KafkaSecurity, such as usernameSecret ="
                        + " \"kafka-user\", passwordSecret = \"kafka-password\"");
    }

    @Test
    void aPemTrustStoreTakesNoPassword() {
        values.put("store-password", "tspw-5c");

        assertThatThrownBy(() -> KafkaSecurityProperties.resolve(
                trust(SecurityProtocol.SSL, "kafka-truststore", "store-password"), secrets, OWNER))
                .isInstanceOf(FreshetException.class)
                .hasMessage("sink \"risk-updates\" of feature set user-risk: secret \"kafka-truststore\" holds a PEM"
                        + " trust store, which has no password: remove truststorePasswordSecret = \"store-password\","
                        + " or make the secret the path of a PKCS12 file")
                .hasMessageNotContaining("tspw-5c");
    }

    @Test
    void aStoreThatIsNeitherPemNorAKnownFileIsRefusedWithoutQuotingIt() {
        values.put("kafka-truststore", "MIIC-base64-looking-secret-bytes");

        assertThatThrownBy(() -> KafkaSecurityProperties.resolve(
                trust(SecurityProtocol.SSL, "kafka-truststore", ""), secrets, OWNER))
                .isInstanceOf(FreshetException.class)
                .hasMessage("sink \"risk-updates\" of feature set user-risk: secret \"kafka-truststore\" holds"
                        + " neither PEM text (-----BEGIN ...) nor the path of a trust store file ending in .p12, .pfx,"
                        + " .pkcs12, .jks, .pem, .crt or .cer: put the certificates there as PEM text, or the path"
                        + " of such a file");
    }

    @Test
    void aPemKeyStoreWithoutAPkcs8KeyIsRefusedWithoutQuotingIt() {
        values.put("kafka-keystore", LEAF_PEM);

        assertThatThrownBy(() -> KafkaSecurityProperties.resolve(
                keyStore(), secrets, OWNER))
                .isInstanceOf(FreshetException.class)
                .hasMessageStartingWith("sink \"risk-updates\" of feature set user-risk: secret \"kafka-keystore\""
                        + " holds PEM text with 0 private key(s) and a certificate chain")
                .hasMessageNotContaining("bGVhZg");
    }

    @Test
    void storesWithAProtocolWithoutTlsAreRefused() {
        KafkaSecuritySpec spec = new KafkaSecuritySpec(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_512,
                "kafka-user", "kafka-password", "kafka-truststore", "", "", "");

        assertThatThrownBy(() -> KafkaSecurityProperties.resolve(spec, secrets, OWNER))
                .isInstanceOf(FreshetException.class)
                .hasMessage("sink \"risk-updates\" of feature set user-risk: its protocol SASL_PLAINTEXT uses no TLS,"
                        + " yet it names the trust or key store secret \"kafka-truststore\": use SSL or SASL_SSL, or"
                        + " remove the store secrets from its @KafkaSecurity");
    }

    @Test
    void aRefusedSaslLoginNamesTheServersTheOwnerAndTheSecretsToCheck() {
        Exception error = new ExecutionException(new KafkaException("send failed", new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL mechanism"
                        + " SCRAM-SHA-256")));

        FreshetException failure = KafkaSecurityProperties.authenticationFailure(error, OWNER,
                sasl(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_256), "10.0.0.5:9093").orElseThrow();

        assertThat(failure).hasMessage("Kafka at 10.0.0.5:9093 refused the credentials of sink \"risk-updates\" of"
                + " feature set user-risk (SASL SCRAM-SHA-256, user from secret \"kafka-user\"): Authentication failed"
                + " during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256; check the"
                + " secrets \"kafka-user\" and \"kafka-password\" (a user of mechanism SCRAM-SHA-256 on that"
                + " listener)")
                .hasCauseInstanceOf(SaslAuthenticationException.class);
        assertThat(failure.restartCanFix()).isFalse();
    }

    @Test
    void aFailedTlsHandshakeNamesTheTrustStoreAndWhyTheCertificateWasNotTrusted() {
        Exception error = new SslAuthenticationException("SSL handshake failed", new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target"));

        FreshetException failure = KafkaSecurityProperties.authenticationFailure(error, OWNER,
                trust(SecurityProtocol.SSL, "kafka-truststore", ""), "kafka-1:9094").orElseThrow();

        assertThat(failure).hasMessage("Kafka at kafka-1:9094 refused the TLS connection of sink \"risk-updates\" of"
                + " feature set user-risk (SSL, trust store from secret \"kafka-truststore\"): SSL handshake failed"
                + " (PKIX path building failed: unable to find valid certification path to requested target); check"
                + " that the secret \"kafka-truststore\" holds the CA of the broker's certificate, and give a key"
                + " store (keystoreSecret) if the broker requires client certificates; the bootstrap servers must be"
                + " a TLS listener, reached by a name in its certificate");
    }

    @Test
    void aFailedTlsHandshakeWithoutATrustStoreSaysToNameOne() {
        FreshetException failure = KafkaSecurityProperties.authenticationFailure(
                new SslAuthenticationException("SSL handshake failed"), OWNER,
                sasl(SecurityProtocol.SASL_SSL, SaslMechanism.PLAIN), "kafka-1:9094").orElseThrow();

        assertThat(failure.getMessage()).startsWith("Kafka at kafka-1:9094 refused the TLS connection of sink"
                + " \"risk-updates\" of feature set user-risk (SASL PLAIN over TLS, user from secret \"kafka-user\","
                + " the JVM's default trust store): SSL handshake failed; name a trust store that holds the CA of"
                + " the broker's certificate in truststoreSecret");
    }

    @Test
    void aDeniedOperationNamesTheUsersSecret() {
        FreshetException failure = KafkaSecurityProperties.authenticationFailure(
                new TopicAuthorizationException("Not authorized to access topics: [risk-updates]"), OWNER,
                sasl(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512), "kafka-1:9094").orElseThrow();

        assertThat(failure).hasMessage("Kafka at kafka-1:9094 denied sink \"risk-updates\" of feature set user-risk"
                + " (SASL SCRAM-SHA-512 over TLS, user from secret \"kafka-user\", the JVM's default trust store) an"
                + " operation: Not authorized to access topics: [risk-updates]; grant the user in secret"
                + " \"kafka-user\" the ACLs it needs (read or write on the topic, read on the consumer group), or"
                + " correct the secrets if they name another user");
    }

    @Test
    void otherErrorsAreNoAuthenticationFailure() {
        Exception timeout = new ExecutionException(new TimeoutException("Topic risk-updates not present in metadata"));
        RuntimeException cyclic = new RuntimeException("outer");
        RuntimeException inner = new RuntimeException("inner", cyclic);
        cyclic.initCause(inner);

        KafkaSecuritySpec spec = sasl(SecurityProtocol.SASL_SSL, SaslMechanism.PLAIN);
        assertThat(KafkaSecurityProperties.authenticationFailure(timeout, OWNER, spec, "k:1")).isEmpty();
        assertThat(KafkaSecurityProperties.authenticationFailure(cyclic, OWNER, spec, "k:1")).isEmpty();
    }

    private static KafkaSecuritySpec sasl(SecurityProtocol protocol, SaslMechanism mechanism) {
        return new KafkaSecuritySpec(protocol, mechanism, "kafka-user", "kafka-password", "", "", "", "");
    }

    private static KafkaSecuritySpec trust(SecurityProtocol protocol, String truststore, String truststorePassword) {
        return new KafkaSecuritySpec(protocol, SaslMechanism.NONE, "", "", truststore, truststorePassword, "", "");
    }

    private static KafkaSecuritySpec keyStore() {
        return new KafkaSecuritySpec(SecurityProtocol.SSL, SaslMechanism.NONE, "", "", "", "", "kafka-keystore",
                "kafka-keystore-password");
    }

    /** The login module entry Kafka's own JAAS parser reads from {@code sasl.jaas.config}. */
    private static AppConfigurationEntry jaas(Map<String, String> properties) {
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new Password(properties.get("sasl.jaas.config")))).configurationEntries();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
