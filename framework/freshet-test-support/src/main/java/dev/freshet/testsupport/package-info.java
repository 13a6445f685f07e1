/**
 * Test fixtures with real parts, shared per test JVM: a local SparkSession ({@link dev.freshet.testsupport.SharedSpark}),
 * an embedded KRaft broker ({@link dev.freshet.testsupport.EmbeddedKafka}) and a Redis key namespace per test
 * ({@link dev.freshet.testsupport.RedisNamespace}). Starting Spark or a broker costs seconds; sharing them keeps the
 * suite fast. Tests of outages get servers of their own that they can stop and start:
 * {@link dev.freshet.testsupport.RedisServerProcess} and {@link dev.freshet.testsupport.KafkaBrokerProcess}.
 */
package dev.freshet.testsupport;
