package dev.freshet.boot;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.CatalogDocument;
import dev.freshet.core.catalog.CatalogEntry;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.spark.metrics.BatchOutcome;
import dev.freshet.spark.offline.OfflineRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link FeatureSetReport}s of an engine's feature sets, for the {@code freshet} endpoint and the catalog
 * page: each feature set's catalog entry, and its jobs as the engine (and the offline scheduler, if the application
 * has one) know them now.
 */
final class FeatureSetReports {

    /** Option names whose values are not shown: as {@link FreshetSanitizingFunction} judges property names. */
    private static final List<String> SECRET_ENDINGS = List.of("password", "secret", "key", "token");
    private static final List<String> SECRET_PARTS = List.of("credentials", "jaas");
    private static final String MASK = "******";

    private final FreshetEngine engine;
    private final @Nullable OfflineIngestionScheduler scheduler;
    private final Clock clock;
    private final boolean writeOperations;

    FeatureSetReports(FreshetEngine engine, @Nullable OfflineIngestionScheduler scheduler, Clock clock,
            boolean writeOperations) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.clock = clock;
        this.writeOperations = writeOperations;
    }

    /** Every feature set, sorted by name. */
    FeatureSetReport.All all() {
        List<FeatureSetReport> reports = new ArrayList<>();
        engine.catalog().all().stream().sorted(Comparator.comparing(FeatureSetSpec::name))
                .forEach(spec -> reports.add(report(spec)));
        return new FeatureSetReport.All(CatalogDocument.VERSION, writeOperations, reports);
    }

    /** The feature set called {@code name}, if the engine has one. */
    Optional<FeatureSetReport> one(String name) {
        return engine.catalog().contains(name) ? Optional.of(report(engine.catalog().get(name))) : Optional.empty();
    }

    /** Whether the engine has a feature set called {@code name}. */
    boolean contains(String name) {
        return engine.catalog().contains(name);
    }

    /** The known names, sorted, for messages. */
    List<String> names() {
        return engine.catalog().names().stream().sorted().toList();
    }

    private FeatureSetReport report(FeatureSetSpec spec) {
        String name = spec.name();
        return new FeatureSetReport(name, catalogEntry(spec), engine.supervisedOnline(name).map(this::online)
                .orElse(null), offline(spec), backfill(spec));
    }

    private FeatureSetReport.Online online(SupervisedJob supervised) {
        JobStatus status = supervised.status();
        Job job = supervised.current();
        FeatureSetReport.Failure error = status.lastFailure().map(f -> new FeatureSetReport.Failure(f.message(),
                f.at().toString(), f.restartCanFix())).orElse(null);
        String nextRestart = status.nextRestart().map(Instant::toString).orElse(null);
        if (job == null) {
            return new FeatureSetReport.Online(status.state().name(), false, status.since().toString(),
                    status.restarts(), nextRestart, error, null, 0, 0, 0, Map.of(), null, null, null);
        }
        BatchOutcome lifetime = job.lifetimeTotals();
        Optional<Instant> newest = job.newestEventTime();
        OptionalLong behind = engine.recordsBehind(supervised.featureSet());
        return new FeatureSetReport.Online(status.state().name(), job.isActive(), status.since().toString(),
                status.restarts(), nextRestart, error, job.lastBatchAt().map(Instant::toString).orElse(null),
                job.batches(), lifetime.written(), lifetime.stale(), lifetime.deadLetters(),
                newest.map(Instant::toString).orElse(null),
                newest.map(t -> Duration.between(t, clock.instant()).toString()).orElse(null),
                behind.isPresent() ? behind.getAsLong() : null);
    }

    private FeatureSetReport.Offline offline(FeatureSetSpec spec) {
        String name = spec.name();
        Instant next = scheduler == null ? null : scheduler.nextRuns().get(name);
        String schedule = scheduler == null ? spec.offlineSchedule()
                : scheduler.schedule(name).orElse(spec.offlineSchedule());
        return new FeatureSetReport.Offline(next != null, schedule,
                next == null ? null : next.toString(),
                engine.lastOfflineRun(name).map(FeatureSetReports::run).orElse(null),
                scheduler == null ? null : scheduler.lastOutcome(name).orElse(null));
    }

    /** What an offline run did, as the endpoint reports it. */
    static FeatureSetReport.OfflineRunReport run(OfflineRun run) {
        return new FeatureSetReport.OfflineRunReport(run.started().toString(), run.finished().toString(),
                run.duration().toString(), run.batches(), run.records(), run.written(), run.deadLetters(), run.table());
    }

    private FeatureSetReport.@Nullable Backfill backfill(FeatureSetSpec spec) {
        if (spec.backfill().isEmpty()) {
            return null;
        }
        OptionalDouble progress = engine.backfillProgress(spec.name());
        boolean pending;
        try {
            pending = progress.isPresent() || engine.backfillPending(spec.name());
        } catch (RuntimeException e) {
            // The checkpoint could not be read (a file system that does not answer): say pending, as the engine would
            // not start the online job either.
            pending = true;
        }
        return new FeatureSetReport.Backfill(spec.backfill().get().start().toString(),
                spec.backfill().get().end().toString(), progress.isPresent(),
                progress.isPresent() ? progress.getAsDouble() : null, pending);
    }

    /**
     * The feature set's entry as the catalog's JSON writes it, with the values of batch-source options whose names
     * look secret masked: declarations hold no secret values, but an option is free text.
     */
    static Map<String, @Nullable Object> catalogEntry(FeatureSetSpec spec) {
        Map<String, @Nullable Object> entry = CatalogDocument.tree(CatalogEntry.of(spec));
        if (entry.get("backfill") instanceof Map<?, ?> backfill && backfill.get("sources") instanceof List<?> sources) {
            for (Object source : sources) {
                if (source instanceof Map<?, ?> range && range.get("source") instanceof Map<?, ?> batch
                        && batch.get("options") instanceof Map<?, ?> options) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> values = (Map<String, Object>) options;
                    values.replaceAll((name, value) -> looksSecret(name) ? MASK : value);
                }
            }
        }
        return entry;
    }

    private static boolean looksSecret(String option) {
        String name = option.toLowerCase(Locale.ROOT);
        return SECRET_ENDINGS.stream().anyMatch(name::endsWith) || SECRET_PARTS.stream().anyMatch(name::contains);
    }
}
