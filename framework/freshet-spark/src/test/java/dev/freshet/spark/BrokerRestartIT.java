package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.error.FreshetException;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.deadletter.DeadLetterSender;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.job.JobFailure;
import dev.freshet.core.job.JobKind;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.RestartPolicy;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.oracle.DeadLetterOracle;
import dev.freshet.spark.oracle.RandomTransactions;
import dev.freshet.spark.oracle.RowLevelOracle;
import dev.freshet.spark.oracle.SourceRecord;
import dev.freshet.spark.oracle.TransactionProducer;
import dev.freshet.spark.oracle.WindowOracle;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.KafkaBrokerProcess;
import dev.freshet.testsupport.RedisNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault 3: the Kafka broker (a process of this test's own, {@link KafkaBrokerProcess}) goes down for 15 s while two
 * supervised online jobs — row-level and aggregated — ingest from it and a producer keeps producing, and comes back on
 * the same port with its log. The jobs resume by themselves from their checkpoints, and end with the state the
 * brute-force oracles compute, every dead letter in the dead-letter topic and every record counted exactly once.
 *
 * <ul>
 *   <li>A controlled stop (SIGTERM) with Kafka's default client timeouts: the jobs do not fail. Their micro-batch
 *       waits inside Spark's Kafka source (the driver's offset requests and the executors' fetches retry for longer
 *       than the outage) and goes on when the broker is back.
 *   <li>A crash (SIGKILL) with 3 s client timeouts: the queries fail (the source cannot find its positions), and each
 *       supervisor restarts its job with back-off; restarts fail too while the broker is down (the dead-letter topic
 *       cannot be checked) and are retried, and the first one after the broker is back replays from the checkpoint.
 *       Every failure is one a restart can fix.
 * </ul>
 *
 * <p>The producer is idempotent and retries for two minutes ({@link TransactionProducer}): records in flight when the
 * broker goes down reach it once, in order, when it is back, and sending pauses while no leader is known, as an
 * application that must not lose events would. Pausing it from the test instead would tell the producer when the
 * broker is down, which no application knows.
 */
class BrokerRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);
    private static final Instant BASE = Instant.parse("2026-04-01T08:00:00Z");
    private static final int OUTAGE_SECONDS = 15;
    private static final Duration TRIGGER = Duration.ofMillis(300);
    private static final RestartPolicy QUICK = new RestartPolicy(Duration.ofMillis(500), Duration.ofSeconds(4), 0.5,
            Duration.ofMinutes(5), Duration.ofSeconds(30));
    private static final WindowOracle WINDOWS = new WindowOracle(Duration.ofMinutes(2), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofHours(1));

    private static KafkaBrokerProcess kafka;

    @TempDir
    Path checkpoints;

    private final RedisNamespace redis = RedisNamespace.create();
    private final String topic = "outage-" + UUID.randomUUID();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private FreshetEngine engine;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBrokerProcess.builder().start();
    }

    @AfterAll
    static void closeBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void tearDown() {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            redis.close();
            if (!kafka.isRunning()) {
                kafka.start(); // a failed test must not leave the next without a broker
            }
        }
    }

    @Test
    void jobsWaitInsideSparkWhileTheBrokerStopsForFifteenSecondsAndLoseOrDoubleNothing() {
        Outcome outcome = ingestThroughAnOutage(kafka::stop, Map.of());

        LOG.info("controlled stop: restarts {}; failures and restarts: {}", outcome.restarts(), events);
        outcome.assertMatchesTheOracles();
    }

    @Test
    void jobsThatFailWhileTheBrokerIsDownAreRestartedFromTheirCheckpointsAndLoseOrDoubleNothing() {
        // Short client timeouts: the driver's offset requests give up within seconds, and the queries fail.
        Outcome outcome = ingestThroughAnOutage(kafka::kill, Map.of("default.api.timeout.ms", "3000",
                "request.timeout.ms", "3000"));

        LOG.info("crash: restarts {}; failures and restarts: {}", outcome.restarts(), events);
        assertThat(outcome.restarts()).as("each job failed during the outage and was restarted by its supervisor")
                .allMatch(restarts -> restarts >= 1);
        outcome.assertMatchesTheOracles();
    }

    @Test
    void deadLettersABrokerThatStoppedCannotTakeFailTheirBatchWithinTheIoTimeout() {
        assertDeadLettersFailWithinTheIoTimeout(kafka::stop);
    }

    @Test
    void deadLettersABrokerThatCrashedCannotTakeFailTheirBatchWithinTheIoTimeout() {
        assertDeadLettersFailWithinTheIoTimeout(kafka::kill);
    }

    /**
     * Before, a task's dead letters waited for a broker that was down far longer than the io-timeout: each send for
     * max.block.ms (60 s) while the client knew no leader (after a controlled stop), and the flush for
     * delivery.timeout.ms (here ten minutes) while it still knew the dead one (after a crash).
     */
    private void assertDeadLettersFailWithinTheIoTimeout(Runnable outage) {
        String dlq = "freshet.dlq.outage-" + topic.substring(7, 15);
        kafka.createTopic(dlq, 1);
        // The user's producer retries for ten minutes: only the io-timeout bounds how long a batch waits.
        DeadLetterTarget target = new DeadLetterTarget(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "delivery.timeout.ms", "600000"), dlq, Duration.ofSeconds(3));
        try (DeadLetterSender sender = target.open("outage")) {
            sender.send(deadLetter(0), null);
            assertThat(sender.finish()).containsEntry("MALFORMED_RECORD", 1L);
        }

        outage.run();

        try (DeadLetterSender sender = target.open("outage")) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> {
                for (long offset = 1; offset <= 5; offset++) {
                    sender.send(deadLetter(offset), null);
                }
                sender.finish();
            })
                    .isInstanceOf(FreshetException.class)
                    .hasMessageContaining("Kafka did not acknowledge")
                    .hasMessageContaining("to topic \"" + dlq + "\" within 3 s (freshet.io-timeout); is the broker at "
                            + kafka.bootstrapServers() + " running? The batch fails and is replayed when the job"
                            + " restarts, so no record is lost"), "a batch's dead letters waited longer than 60 s");
        }
    }

    private DeadLetter deadLetter(long offset) {
        return new DeadLetter("outage", DeadLetterReason.MALFORMED_RECORD, "not JSON", topic, 0, offset, BASE,
                "{".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** What a run through an outage produced, and its jobs. */
    private final class Outcome {
        private final FeatureSetSpec rows;
        private final FeatureSetSpec tiles;
        private final SupervisedJob rowJob;
        private final SupervisedJob tileJob;
        private final List<SourceRecord> produced;

        Outcome(FeatureSetSpec rows, FeatureSetSpec tiles, SupervisedJob rowJob, SupervisedJob tileJob,
                List<SourceRecord> produced) {
            this.rows = rows;
            this.tiles = tiles;
            this.rowJob = rowJob;
            this.tileJob = tileJob;
            this.produced = produced;
        }

        List<Integer> restarts() {
            return List.of(rowJob.status().restarts(), tileJob.status().restarts());
        }

        void assertMatchesTheOracles() {
            for (SupervisedJob job : List.of(rowJob, tileJob)) {
                assertThat(job.status().state()).as(job.featureSet() + " after the outage")
                        .isEqualTo(JobStatus.State.RUNNING);
                assertThat(job.current().isActive()).isTrue();
            }
            assertThat(events).as("no failure was taken for one a restart cannot fix")
                    .noneMatch(e -> e.contains("given up") || e.contains("permanent"));

            // Row-level: the newest record of each user, exactly.
            Map<String, SourceRecord> newest = RowLevelOracle.newest(produced);
            assertThat(redis.keys()).filteredOn(k -> k.startsWith(redis.prefix() + ":" + rows.name() + ":"))
                    .hasSize(newest.size());
            newest.forEach((user, record) -> assertThat(redis.hash(redis.prefix() + ":" + rows.name() + ":" + user))
                    .as(user).isEqualTo(RowLevelOracle.hash(record)));
            Map<String, DeadLetterReason> rowDeadLetters = DeadLetterOracle.rejectedByTheDecoder(produced);
            assertDeadLettersAndTotals(rows, rowJob, produced, rowDeadLetters);

            // Aggregated: every window of every user at fixed instants after the last event.
            Instant last = WINDOWS.lastEventTime(produced);
            try (RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(),
                    new OnlineStoreLayout(redis.prefix()), FeatureSetCatalog.of(List.of(tiles)))) {
                for (Duration after : List.of(Duration.ZERO, Duration.ofSeconds(7), Duration.ofSeconds(45),
                        Duration.ofMinutes(30))) {
                    WINDOWS.assertMatches(client, tiles.name(), newest.keySet(), produced, last.plus(after));
                }
            }
            Map<String, DeadLetterReason> tileDeadLetters = new TreeMap<>(rowDeadLetters);
            tileDeadLetters.putAll(WINDOWS.rejectedByEventTime(produced));
            assertThat(tileDeadLetters.values()).contains(DeadLetterReason.LATE);
            assertDeadLettersAndTotals(tiles, tileJob, produced, tileDeadLetters);
        }
    }

    /**
     * Runs a row-level and an aggregated supervised job on one topic while producing, takes the broker down with
     * {@code outage} for {@value #OUTAGE_SECONDS} s, starts it again, produces a while longer, and waits until both jobs
     * have counted every record produced.
     */
    private Outcome ingestThroughAnOutage(Runnable outage, Map<String, String> clientProperties) {
        String id = topic.substring(7, 15);
        FeatureSetSpec rows = aFeatureSet().name("outage-" + id).topic(topic).trigger(TRIGGER).build();
        FeatureSetSpec tiles = WINDOWS.spec("outageagg-" + id, topic, TRIGGER);
        kafka.createTopic(topic, 2);
        engine = TestEngines.builder(redis, checkpoints, rows, tiles)
                .kafka(new KafkaConnection(kafka.bootstrapServers(), clientProperties))
                .ioTimeout(Duration.ofSeconds(10))
                .jobListener(new SupervisedJob.Listener() {
                    @Override
                    public void failed(String featureSet, JobKind kind, JobFailure failure, boolean givenUp) {
                        events.add(featureSet + " failed" + (givenUp ? " and was given up" : "") + " ("
                                + (failure.restartCanFix() ? "restart can fix" : "permanent") + "): "
                                + failure.message());
                    }

                    @Override
                    public void restarted(String featureSet, JobKind kind) {
                        events.add(featureSet + " restarted");
                    }
                })
                .build();
        SupervisedJob rowJob = engine.superviseOnline(rows.name(),
                OnlineJobSettings.declared(rows).withMaxOffsetsPerTrigger(200), QUICK);
        SupervisedJob tileJob = engine.superviseOnline(tiles.name(),
                OnlineJobSettings.declared(tiles).withMaxOffsetsPerTrigger(200), QUICK);
        TransactionProducer producer = TransactionProducer.start(kafka.bootstrapServers(), topic,
                RandomTransactions.seeded(4242, BASE).users(24).malformed(0.1).tooLate(0.03, Duration.ofMinutes(10)),
                4242, Duration.ofMillis(40));

        // Both jobs are ingesting before the outage.
        await().atMost(Duration.ofMinutes(3)).until(() -> records(rowJob) >= 100 && records(tileJob) >= 100);

        outage.run();
        int sentBefore = producer.sent();
        pause(Duration.ofSeconds(OUTAGE_SECONDS)); // the outage itself, not a wait for anything
        int sentDuring = producer.sent() - sentBefore;
        LOG.info("during the outage: {} records handed to the producer; the jobs {} and {}", sentDuring,
                rowJob.status().state(), tileJob.status().state());
        kafka.start();

        // The jobs go on after the outage, with what was produced during it and after it.
        int sentAfterOutage = producer.sent();
        await().atMost(Duration.ofMinutes(3)).conditionEvaluationListener(condition -> {
            if (condition.getRemainingTimeInMS() <= condition.getPollInterval().toMillis()) {
                LOG.warn("still waiting for acknowledgements after the outage: {}", producer.state());
            }
        }).until(() -> producer.acknowledged() >= sentAfterOutage + 100);
        List<SourceRecord> produced = producer.finish();
        // A restarted job is RUNNING once its new query has reported a trigger, just after its batch's writes.
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            for (SupervisedJob job : List.of(rowJob, tileJob)) {
                assertThat(records(job)).as(job.featureSet() + ": records counted, " + job.status())
                        .isEqualTo(produced.size());
                assertThat(job.status().running()).as(job.featureSet() + ": " + job.status()).isTrue();
            }
        });
        LOG.info("{} records produced, {} of them handed to the producer during the outage", produced.size(),
                sentDuring);
        return new Outcome(rows, tiles, rowJob, tileJob, produced);
    }

    private void assertDeadLettersAndTotals(FeatureSetSpec spec, SupervisedJob job, List<SourceRecord> produced,
            Map<String, DeadLetterReason> expected) {
        assertThat(DeadLetterOracle.sent(kafka.readAll("freshet.dlq." + spec.name()), spec.name(), topic))
                .as(spec.name() + ": dead letters by source position").isEqualTo(expected);
        BatchOutcome lifetime = job.current().lifetimeTotals();
        assertThat(lifetime.records()).as(spec.name() + ": every record counted once").isEqualTo(produced.size());
        assertThat(lifetime.deadLetters()).as(spec.name()).isEqualTo(DeadLetterOracle.counts(expected));
    }

    private static long records(SupervisedJob job) {
        return job.current().lifetimeTotals().records();
    }

    private static void pause(Duration duration) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(duration.toMillis()));
    }
}
