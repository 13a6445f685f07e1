/**
 * Test fixtures with real parts, shared per test JVM: a local SparkSession ({@link dev.freshet.testsupport.SharedSpark}),
 * an embedded KRaft broker ({@link dev.freshet.testsupport.EmbeddedKafka}) and a Redis key namespace per test
 * ({@link dev.freshet.testsupport.RedisNamespace}). Starting Spark or a broker costs seconds; sharing them keeps the
 * suite fast. A test that needs a Redis of its own (a password, TLS, an outage) starts a
 * {@link dev.freshet.testsupport.RedisServerProcess}, with certificates from
 * {@link dev.freshet.testsupport.TestCertificates}.
 */
package dev.freshet.testsupport;
