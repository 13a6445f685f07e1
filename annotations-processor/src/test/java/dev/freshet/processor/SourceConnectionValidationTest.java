package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * The connection of a {@code @KafkaSource}: its brokers or named connection and its {@code @KafkaSecurity}, checked by
 * the rules a sink's connection follows, each error (and the warning) on the literal concerned, and the feature set
 * reading a refused source given no second error.
 */
class SourceConnectionValidationTest {

    /** The transactions source with {@code attributes} added, each on a line of its own. */
    static String source(String... attributes) {
        return "@KafkaSource(\n        name = \"transaction_stream\",\n        topics = \"transactions\",\n        "
                + String.join(",\n        ", attributes) + ")";
    }

    /** The transactions source whose security has {@code attributes}, each on a line of its own. */
    static String secured(String... attributes) {
        return source("security = @KafkaSecurity(\n            " + String.join(",\n            ", attributes) + ")");
    }

    private static Declaration reading(String source) {
        return aFeatureSet().source(source);
    }

    @Test
    void aSecuredSourceOnItsBrokersCompilesWithoutWarnings() {
        Declaration d = reading(source("bootstrapServers = \"broker-1:9093,broker-2:9093\"",
                "security = @KafkaSecurity(protocol = SecurityProtocol.SASL_SSL,"
                        + " saslMechanism = SaslMechanism.SCRAM_SHA_256, usernameSecret = \"tx-user\","
                        + " passwordSecret = \"tx-password\", truststoreSecret = \"cluster-ca\","
                        + " truststorePasswordSecret = \"cluster-ca-password\")"));
        Compilation c = compile(d.file());
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.UserTransactions_FeatureSet");
    }

    @Test
    void bothBootstrapServersAndAConnectionAreReportedOnTheConnection() {
        Declaration d = reading(source("bootstrapServers = \"broker:9092\"", "connection = \"events-cluster\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("connection = ");
        // The feature set reading the refused source gets no second error.
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSource] source \"transaction_stream\" gives both bootstrapServers"
                + " \"broker:9092\" and connection \"events-cluster\": give one of them, or neither for the"
                + " application's Kafka connection (spring.kafka.*)")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"events-cluster\""));
    }

    @Test
    void aSaslProtocolWithoutAMechanismIsReportedOnTheProtocol() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SASL_SSL", "usernameSecret = \"u\"",
                "passwordSecret = \"p\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("protocol = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] protocol SASL_SSL authenticates with SASL but no"
                + " saslMechanism is given: set saslMechanism = SaslMechanism.SCRAM_SHA_512 (or SCRAM_SHA_256, PLAIN)")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".SASL_SSL"));
    }

    @Test
    void aMechanismWithoutASaslProtocolIsReportedOnTheMechanism() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SSL",
                "saslMechanism = SaslMechanism.SCRAM_SHA_256"));
        Compilation c = compile(d.file());
        int line = d.lineOf("saslMechanism = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] saslMechanism SCRAM_SHA_256 needs a SASL protocol,"
                + " but the protocol is SSL: set protocol = SecurityProtocol.SASL_SSL, or remove the saslMechanism")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".SCRAM_SHA_256"));
    }

    @Test
    void saslWithoutThePasswordSecretIsReportedOnTheProtocol() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SASL_SSL",
                "saslMechanism = SaslMechanism.SCRAM_SHA_512", "usernameSecret = \"u\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("protocol = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] protocol SASL_SSL needs passwordSecret: name the"
                + " secret that holds the SASL password, such as passwordSecret = \"kafka-password\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".SASL_SSL"));
    }

    @Test
    void saslWithoutTheUserNameSecretIsReportedOnTheProtocol() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SASL_PLAINTEXT",
                "saslMechanism = SaslMechanism.SCRAM_SHA_512", "passwordSecret = \"p\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("protocol = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] protocol SASL_PLAINTEXT needs usernameSecret: name"
                + " the secret that holds the SASL user name, such as usernameSecret = \"kafka-username\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".SASL_PLAINTEXT"));
    }

    @Test
    void plainOverSaslPlaintextIsAWarningAndStillGenerates() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SASL_PLAINTEXT",
                "saslMechanism = SaslMechanism.PLAIN", "usernameSecret = \"u\"", "passwordSecret = \"p\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("saslMechanism = ");
        assertThat(c).succeeded();
        assertThat(c).hadWarningCount(1);
        assertThat(c).hadWarningContaining("[FreshetKafkaSecurity] saslMechanism PLAIN over protocol SASL_PLAINTEXT"
                + " sends the password in clear text: use protocol = SecurityProtocol.SASL_SSL, or a SCRAM mechanism")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".PLAIN"));
        assertThat(c).generatedSourceFile("test.UserTransactions_FeatureSet");
    }

    @Test
    void aKeystoreWithoutItsPasswordIsReportedOnTheKeystore() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SSL", "keystoreSecret = \"client-keystore\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("keystoreSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] keystoreSecret \"client-keystore\" is given without"
                + " keystorePasswordSecret: name the secret that holds the key store's password too")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"client-keystore\""));
    }

    @Test
    void aKeystorePasswordWithoutItsKeystoreIsReportedOnThePassword() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SSL",
                "keystorePasswordSecret = \"ks-password\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("keystorePasswordSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] keystorePasswordSecret \"ks-password\" is given"
                + " without keystoreSecret: name the secret that holds the key store, or remove its password")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"ks-password\""));
    }

    @Test
    void aTruststorePasswordWithoutItsTruststoreIsReportedOnThePassword() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SASL_SSL",
                "saslMechanism = SaslMechanism.SCRAM_SHA_512", "usernameSecret = \"u\"", "passwordSecret = \"p\"",
                "truststorePasswordSecret = \"ts-password\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("truststorePasswordSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] truststorePasswordSecret \"ts-password\" is given"
                + " without truststoreSecret: name the secret that holds the trust store, or remove its password")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"ts-password\""));
    }

    @Test
    void aTruststoreOverSaslPlaintextIsAnErrorOnTheStore() {
        Declaration d = reading(secured("protocol = SecurityProtocol.SASL_PLAINTEXT",
                "saslMechanism = SaslMechanism.SCRAM_SHA_512", "usernameSecret = \"u\"", "passwordSecret = \"p\"",
                "truststoreSecret = \"cluster-ca\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("truststoreSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] truststoreSecret \"cluster-ca\" names a trust store,"
                + " which Kafka uses only over TLS, but protocol SASL_PLAINTEXT has no TLS: Kafka would ignore the"
                + " store and connect unencrypted; set protocol = SecurityProtocol.SASL_SSL, or remove"
                + " truststoreSecret")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"cluster-ca\""));
    }

    @Test
    void aKeystoreOverPlaintextIsAnErrorOnTheStore() {
        Declaration d = reading(secured("keystoreSecret = \"client-keystore\"",
                "keystorePasswordSecret = \"ks-password\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("keystoreSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] keystoreSecret \"client-keystore\" names a key store,"
                + " which Kafka uses only over TLS, but protocol PLAINTEXT has no TLS: Kafka would ignore the store and"
                + " connect unencrypted; set protocol = SecurityProtocol.SSL, or remove keystoreSecret")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"client-keystore\""));
    }
}
