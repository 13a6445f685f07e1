package dev.freshet.spark.source;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.testsupport.SharedSpark;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A Kafka source whose security gives PEM text shows none of it in its query's plan, whatever the session's redaction
 * settings were: {@link KafkaSourceReader} widens {@code spark.sql.redaction.options.regex} when they do not match
 * its PEM options, and leaves a setting that does alone. Each test on a session of its own (sharing the shared
 * session's context); no broker is reached (the plan is only analysed).
 */
class KafkaSourceRedactionIT {

    private static final String KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7fakeKeyLine";
    private static final String CHAIN_BODY = "MIIDazCCAlOgAwIBAgIUFakeClientCertificateLineOfTheChain00000000";
    private static final String CA_BODY = "MIIDCTCCAfGgAwIBAgIUFakeCaCertificateLineOfTheTrustStore0000000";
    private static final String OPTIONS_REDACTION = "spark.sql.redaction.options.regex";

    private final KafkaSourceSpec source = aFeatureSet().topic("redaction-events").build().source();
    private final KafkaConnection pem = new KafkaConnection("127.0.0.1:9", Map.of(
            "security.protocol", "SSL",
            "ssl.keystore.type", "PEM",
            "ssl.keystore.key", pem("PRIVATE KEY", KEY_BODY),
            "ssl.keystore.certificate.chain", pem("CERTIFICATE", CHAIN_BODY),
            "ssl.truststore.type", "PEM",
            "ssl.truststore.certificates", pem("CERTIFICATE", CA_BODY)));

    @Test
    void thePemTextOfASourcesSecurityIsRedactedInItsPlan() {
        SparkSession spark = SharedSpark.session().newSession();

        String plan = plan(spark);

        assertThat(plan).contains("kafka.ssl.keystore.key=*********(redacted)",
                        "kafka.ssl.keystore.certificate.chain=*********(redacted)",
                        "kafka.ssl.truststore.certificates=*********(redacted)", "redaction-events")
                .doesNotContain(KEY_BODY, CHAIN_BODY, CA_BODY);
        assertThat(spark.conf().get(OPTIONS_REDACTION)).startsWith("(?i)url|");
    }

    @Test
    void aSessionWhoseRedactionMatchesThePemOptionsKeepsItsSetting() {
        SparkSession spark = SharedSpark.session().newSession();
        spark.conf().set(OPTIONS_REDACTION, "(?i)url|ssl[.]");

        String plan = plan(spark);

        assertThat(plan).doesNotContain(KEY_BODY, CHAIN_BODY, CA_BODY);
        assertThat(spark.conf().get(OPTIONS_REDACTION)).isEqualTo("(?i)url|ssl[.]");
    }

    @Test
    void aSourceWithoutPemTextLeavesTheSettingAlone() {
        SparkSession spark = SharedSpark.session().newSession();
        String before = spark.conf().get(OPTIONS_REDACTION);

        new KafkaSourceReader(source, KafkaConnection.of("127.0.0.1:9"), 0).open(spark);

        assertThat(spark.conf().get(OPTIONS_REDACTION)).isEqualTo(before);
    }

    /**
     * The analysed plan of the source's stream on {@code spark}, printed with {@code spark} active: Spark redacts
     * options as the printing thread's session says.
     */
    private String plan(SparkSession spark) {
        SparkSession previous = SparkSession.getActiveSession().getOrElse(() -> null);
        SparkSession.setActiveSession(spark);
        try {
            return new KafkaSourceReader(source, pem, 0).open(spark).queryExecution().analyzed().toString();
        } finally {
            if (previous == null) {
                SparkSession.clearActiveSession();
            } else {
                SparkSession.setActiveSession(previous);
            }
        }
    }

    private static String pem(String type, String body) {
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
