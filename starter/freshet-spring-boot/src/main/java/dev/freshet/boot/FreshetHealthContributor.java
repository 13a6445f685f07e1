package dev.freshet.boot;

import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.SupervisedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Freshet's part of {@code /actuator/health}, as {@code freshet}:
 *
 * <ul>
 *   <li>{@code jobs.<feature set>} — an online job: UP while its query runs; DOWN while it restarts after a failure
 *       or has been given up (also when it failed to start at all), with the error and the restart count;
 *   <li>{@code freshness.<feature set>} — OUT_OF_SERVICE when the newest event its online job has written is older
 *       than {@code freshet.health.freshness-bound} while its source holds records the job has not read (or Kafka
 *       cannot say), UP otherwise;
 *   <li>{@code backfills.<feature set>} — OUT_OF_SERVICE while the feature set's backfill runs, before its online job
 *       starts, with the share of its time range done;
 *   <li>{@code redis}, {@code kafka} — whether the online store and the brokers answer within
 *       {@code freshet.health.timeout}.
 * </ul>
 *
 * <p>The jobs are read when health is asked for, so feature sets whose job started or stopped since appear as they
 * are.
 */
public final class FreshetHealthContributor implements CompositeHealthContributor {

    private final FreshetEngine engine;
    private final RedisOnlineFeatureClient redis;
    private final FreshetProperties.Health settings;
    private final Clock clock;

    /** Health of {@code engine}'s jobs, of Redis through {@code redis} (if any) and of Kafka. */
    public FreshetHealthContributor(FreshetEngine engine, RedisOnlineFeatureClient redis,
            FreshetProperties.Health settings, Clock clock) {
        this.engine = engine;
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return contributors().get(name);
    }

    @Override
    public Stream<Entry> stream() {
        return contributors().entrySet().stream().map(e -> new Entry(e.getKey(), e.getValue()));
    }

    private Map<String, HealthContributor> contributors() {
        Map<String, HealthContributor> all = new LinkedHashMap<>();
        Map<String, HealthContributor> jobs = new LinkedHashMap<>();
        Map<String, HealthContributor> freshness = new LinkedHashMap<>();
        for (SupervisedJob job : engine.supervisedJobs()) {
            jobs.put(job.featureSet(), (HealthIndicator) () -> job(job));
            freshness.put(job.featureSet(), (HealthIndicator) () -> freshness(job));
        }
        if (!jobs.isEmpty()) {
            all.put("jobs", CompositeHealthContributor.fromMap(jobs));
            all.put("freshness", CompositeHealthContributor.fromMap(freshness));
        }
        Map<String, HealthContributor> backfills = new LinkedHashMap<>();
        for (String name : engine.catalog().names()) {
            engine.backfillProgress(name).ifPresent(share -> backfills.put(name, (HealthIndicator) () ->
                    Health.outOfService().withDetail("state", "BACKFILLING")
                            .withDetail("rangeDone", Math.round(share * 1000) / 10.0 + "%").build()));
        }
        if (!backfills.isEmpty()) {
            all.put("backfills", CompositeHealthContributor.fromMap(backfills));
        }
        if (redis != null) {
            all.put("redis", (HealthIndicator) this::redis);
        }
        all.put("kafka", (HealthIndicator) this::kafka);
        return all;
    }

    private Health job(SupervisedJob supervised) {
        JobStatus status = supervised.status();
        Job job = supervised.current();
        Health.Builder health = switch (status.state()) {
            case RUNNING -> job.isActive() ? Health.up() : Health.down();
            case RESTARTING, FAILED -> Health.down();
            case STOPPED -> Health.outOfService();
        };
        health.withDetail("job", supervised.kind().label())
                .withDetail("state", status.state().name())
                .withDetail("since", status.since().toString())
                .withDetail("restarts", status.restarts());
        status.nextRestart().ifPresent(t -> health.withDetail("nextRestart", t.toString()));
        status.lastFailure().ifPresent(f -> health.withDetail("error", f.message())
                .withDetail("failedAt", f.at().toString())
                .withDetail("restartCanFix", f.restartCanFix()));
        if (job != null) {
            job.lastBatchAt().ifPresent(t -> health.withDetail("lastBatch", t.toString()));
            health.withDetail("batchesSinceStart", job.batches());
        }
        return health.build();
    }

    private Health freshness(SupervisedJob supervised) {
        Job job = supervised.current();
        if (job == null) {
            return Health.unknown().withDetail("newestEventTime", "none: the job has not started").build();
        }
        Optional<Instant> newest = job.newestEventTime();
        OptionalLong behind = engine.recordsBehind(supervised.featureSet());
        Health.Builder health;
        if (newest.isEmpty()) {
            health = behind.isPresent() && behind.getAsLong() == 0 ? Health.up() : Health.unknown();
        } else {
            Duration age = Duration.between(newest.get(), clock.instant());
            boolean stale = age.compareTo(settings.freshnessBound()) > 0;
            boolean behindSource = behind.isEmpty() || behind.getAsLong() > 0;
            health = stale && behindSource ? Health.outOfService() : Health.up();
            health.withDetail("newestEventTime", newest.get().toString())
                    .withDetail("freshness", age.toString())
                    .withDetail("bound", settings.freshnessBound().toString());
        }
        if (behind.isPresent()) {
            health.withDetail("recordsBehind", behind.getAsLong());
        } else {
            health.withDetail("recordsBehind", "unknown: Kafka did not answer, or no batch yet");
        }
        return health.build();
    }

    private Health redis() {
        try {
            Duration took = redis.ping(settings.timeout());
            return Health.up().withDetail("ping", took.toMillis() + " ms").build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getMessage()).build();
        }
    }

    private Health kafka() {
        try {
            return Health.up().withDetail("brokers", engine.kafkaBrokers(settings.timeout())).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getMessage()).build();
        }
    }
}
