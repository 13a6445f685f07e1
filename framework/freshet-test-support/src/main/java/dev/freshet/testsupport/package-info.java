/**
 * Test fixtures with real parts, shared per test JVM: a local SparkSession ({@link dev.freshet.testsupport.SharedSpark}),
 * an embedded KRaft broker ({@link dev.freshet.testsupport.EmbeddedKafka}) and a Redis key namespace per test
 * ({@link dev.freshet.testsupport.RedisNamespace}). Starting Spark or a broker costs seconds; sharing them keeps the
 * suite fast. Tests that need servers of their own start them, and can stop and start them as in an outage: a Redis
 * (a password, TLS, an outage) with {@link dev.freshet.testsupport.RedisServerProcess} and certificates from
 * {@link dev.freshet.testsupport.TestCertificates}, a Kafka broker with
 * {@link dev.freshet.testsupport.KafkaBrokerProcess}, and one that authenticates (SASL PLAIN and SCRAM, TLS, client
 * certificates) with {@link dev.freshet.testsupport.SecuredKafkaBroker}.
 */
package dev.freshet.testsupport;
