package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * {@code @KafkaSink}s: names, topics, the connection, and the {@code @KafkaSecurity} of each, with every error (and the
 * one warning) on the literal concerned.
 */
class SinkValidationTest {

    /** A {@code @KafkaSink} with {@code attributes}, each on a line of its own. */
    static String sink(String... attributes) {
        return "@KafkaSink(\n    " + String.join(",\n    ", attributes) + ")";
    }

    /** A valid online sink called {@code name} writing {@code topic}. */
    static String sink(String name, String topic) {
        return sink("name = \"" + name + "\"", "topic = \"" + topic + "\"", "attachment = AttachmentPoint.ONLINE");
    }

    /** A sink called {@code updates} whose security has {@code attributes}, each on a line of its own. */
    static String secured(String... attributes) {
        return sink("name = \"updates\"", "topic = \"user-updates\"", "attachment = AttachmentPoint.ONLINE",
                "security = @KafkaSecurity(\n        " + String.join(",\n        ", attributes) + ")");
    }

    private static Declaration sinking(String sinks) {
        return aFeatureSet().annotate(sinks);
    }

    @Test
    void validSinksCompileWithoutWarnings() {
        assertThat(compile(sinking(sink("updates", "user-updates") + "\n" + sink("name = \"audit\"",
                "topic = \"user-audit\"", "connection = \"audit-cluster\"", "attachment = AttachmentPoint.OFFLINE",
                "security = @KafkaSecurity(protocol = SecurityProtocol.SASL_SSL,"
                        + " saslMechanism = SaslMechanism.SCRAM_SHA_512, usernameSecret = \"audit-user\","
                        + " passwordSecret = \"audit-password\", keystoreSecret = \"audit-keystore\","
                        + " keystorePasswordSecret = \"audit-keystore-password\")")).file()))
                .succeededWithoutWarnings();
    }

    @Test
    void aDuplicateSinkNameIsReportedOnTheSecond() {
        Declaration d = sinking("@KafkaSinks({\n" + sink("updates", "user-updates") + ",\n" + sink("name = \"updates\"",
                "topic = \"user-updates-2\"", "attachment = AttachmentPoint.ONLINE") + "})");
        Compilation c = compile(d.file());
        int line = d.lineOf("topic = \"user-updates-2\"") - 1;
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] sink name \"updates\" is used twice in feature set"
                + " \"user-transactions\": sink names must be unique within a feature set; rename one of them")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"updates\""));
    }

    /** javac keeps no tree of each repeated annotation in its implicit container, so the error is on the class. */
    @Test
    void aDuplicateAmongRepeatedSinksIsReportedOnTheClass() {
        Declaration d = sinking(sink("updates", "user-updates") + "\n" + sink("name = \"updates\"",
                "topic = \"user-updates-2\"", "attachment = AttachmentPoint.ONLINE"));
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] sink name \"updates\" is used twice").inFile(d.file())
                .onLine(d.lineOf("class UserTransactions"));
    }

    @Test
    void aBlankNameIsReported() {
        Declaration d = sinking(sink("name = \" \"", "topic = \"user-updates\"", "attachment = AttachmentPoint.ONLINE"));
        Compilation c = compile(d.file());
        int line = d.lineOf("name = \" \"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] a @KafkaSink of feature set \"user-transactions\" has a blank"
                + " name: name the sink, unique within the feature set, such as name = \"user-transactions-updates\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\" \""));
    }

    @Test
    void aBlankTopicIsReported() {
        Declaration d = sinking(sink("name = \"updates\"", "topic = \"\"", "attachment = AttachmentPoint.ONLINE"));
        Compilation c = compile(d.file());
        int line = d.lineOf("topic = \"\"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] sink \"updates\" has a blank topic: give the topic it writes,"
                + " such as topic = \"user-transactions-updates\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"\""));
    }

    @Test
    void anIllegalTopicIsReported() {
        Declaration d = sinking(sink("updates", "user updates"));
        Compilation c = compile(d.file());
        int line = d.lineOf("topic = \"user updates\"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] topic \"user updates\" of sink \"updates\" is not a legal"
                + " Kafka topic name").inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"user updates\""));
    }

    @Test
    void bothBootstrapServersAndAConnectionAreReportedOnTheConnection() {
        Declaration d = sinking(sink("name = \"updates\"", "topic = \"user-updates\"",
                "bootstrapServers = \"broker:9092\"", "connection = \"audit-cluster\"",
                "attachment = AttachmentPoint.ONLINE"));
        Compilation c = compile(d.file());
        int line = d.lineOf("connection = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] sink \"updates\" gives both bootstrapServers \"broker:9092\""
                + " and connection \"audit-cluster\": give one of them, or neither for the application's Kafka"
                + " connection (spring.kafka.*)")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"audit-cluster\""));
    }

    @Test
    void aSinkWritingTheFeatureSetsOwnSourceTopicIsReported() {
        Declaration d = sinking(sink("echo", "transactions"));
        Compilation c = compile(d.file());
        int line = d.lineOf("topic = \"transactions\"");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSink] sink \"echo\" writes topic \"transactions\", which feature set"
                + " \"user-transactions\" reads through its source \"transaction_stream\": the feature set would read"
                + " its own output; write another topic")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"transactions\""));
    }

    @Test
    void aSaslProtocolWithoutAMechanismIsReportedOnTheProtocol() {
        Declaration d = sinking(secured("protocol = SecurityProtocol.SASL_SSL", "usernameSecret = \"u\"",
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
        Declaration d = sinking(secured("protocol = SecurityProtocol.SSL",
                "saslMechanism = SaslMechanism.SCRAM_SHA_256"));
        Compilation c = compile(d.file());
        int line = d.lineOf("saslMechanism = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] saslMechanism SCRAM_SHA_256 needs a SASL protocol,"
                + " but the protocol is SSL: set protocol = SecurityProtocol.SASL_SSL, or remove the saslMechanism")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".SCRAM_SHA_256"));
    }

    @Test
    void saslWithoutTheUserNameOrThePasswordSecretNamesTheMissingOne() {
        Declaration d = sinking(secured("protocol = SecurityProtocol.SASL_SSL",
                "saslMechanism = SaslMechanism.SCRAM_SHA_512", "usernameSecret = \"u\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("protocol = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] protocol SASL_SSL needs passwordSecret: name the"
                + " secret that holds the SASL password, such as passwordSecret = \"kafka-password\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, ".SASL_SSL"));

        Declaration noUser = sinking(secured("protocol = SecurityProtocol.SASL_SSL",
                "saslMechanism = SaslMechanism.SCRAM_SHA_512", "passwordSecret = \"p\""));
        Compilation c2 = compile(noUser.file());
        assertThat(c2).hadErrorCount(1);
        assertThat(c2).hadErrorContaining("[FreshetKafkaSecurity] protocol SASL_SSL needs usernameSecret: name the"
                + " secret that holds the SASL user name, such as usernameSecret = \"kafka-username\"");
    }

    @Test
    void aKeystoreWithoutItsPasswordAndAPasswordWithoutItsKeystoreAreReported() {
        Declaration d = sinking(secured("protocol = SecurityProtocol.SSL", "keystoreSecret = \"client-keystore\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("keystoreSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] keystoreSecret \"client-keystore\" is given without"
                + " keystorePasswordSecret: name the secret that holds the key store's password too")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"client-keystore\""));

        Declaration p = sinking(secured("protocol = SecurityProtocol.SASL_SSL",
                "saslMechanism = SaslMechanism.SCRAM_SHA_256", "usernameSecret = \"u\"", "passwordSecret = \"p\"",
                "keystorePasswordSecret = \"ks-password\""));
        Compilation c2 = compile(p.file());
        int line2 = p.lineOf("keystorePasswordSecret = ");
        assertThat(c2).hadErrorCount(1);
        assertThat(c2).hadErrorContaining("[FreshetKafkaSecurity] keystorePasswordSecret \"ks-password\" is given"
                + " without keystoreSecret: name the secret that holds the key store, or remove its password")
                .inFile(p.file()).onLine(line2).atColumn(p.columnOf(line2, "\"ks-password\""));
    }

    @Test
    void aTruststorePasswordWithoutItsTruststoreIsReportedOnThePassword() {
        Declaration d = sinking(secured("protocol = SecurityProtocol.SSL",
                "truststorePasswordSecret = \"ts-password\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("truststorePasswordSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] truststorePasswordSecret \"ts-password\" is given"
                + " without truststoreSecret: name the secret that holds the trust store, or remove its password")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"ts-password\""));
    }

    @Test
    void aTruststoreWithoutAPasswordIsValid() {
        assertThat(compile(sinking(secured("protocol = SecurityProtocol.SSL",
                "truststoreSecret = \"cluster-ca\"")).file())).succeededWithoutWarnings();
    }

    @Test
    void aTruststoreOverPlaintextIsAnErrorOnTheStore() {
        Declaration d = sinking(secured("truststoreSecret = \"cluster-ca\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("truststoreSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] truststoreSecret \"cluster-ca\" names a trust store,"
                + " which Kafka uses only over TLS, but protocol PLAINTEXT has no TLS: Kafka would ignore the store and"
                + " connect unencrypted; set protocol = SecurityProtocol.SSL, or remove truststoreSecret")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"cluster-ca\""));
    }

    @Test
    void aKeystoreOverSaslPlaintextIsAnErrorOnTheStoreNamingSaslSsl() {
        Declaration d = sinking(secured("protocol = SecurityProtocol.SASL_PLAINTEXT",
                "saslMechanism = SaslMechanism.SCRAM_SHA_512", "usernameSecret = \"u\"", "passwordSecret = \"p\"",
                "keystoreSecret = \"client-keystore\"", "keystorePasswordSecret = \"ks-password\""));
        Compilation c = compile(d.file());
        int line = d.lineOf("keystoreSecret = ");
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetKafkaSecurity] keystoreSecret \"client-keystore\" names a key store,"
                + " which Kafka uses only over TLS, but protocol SASL_PLAINTEXT has no TLS: Kafka would ignore the"
                + " store and connect unencrypted; set protocol = SecurityProtocol.SASL_SSL, or remove keystoreSecret")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"client-keystore\""));
    }

    @Test
    void plainOverSaslPlaintextIsAWarningAndStillGenerates() {
        Declaration d = sinking(secured("protocol = SecurityProtocol.SASL_PLAINTEXT",
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
}
