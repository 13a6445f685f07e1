package dev.freshet.boot;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.consistency.ConsistencyChecker;
import dev.freshet.spark.consistency.ConsistencyReport;
import dev.freshet.spark.offline.OfflineRun;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The Actuator endpoint {@code freshet}: every feature set with its catalog entry and the status of its jobs, and, when
 * {@code freshet.endpoint.write-operations-enabled=true}, operations that run a feature set's offline job or a
 * consistency check. Like every endpoint but {@code health}, it is not exposed unless the application says so:
 * {@code management.endpoints.web.exposure.include=health,freshet}.
 *
 * <pre>
 * GET  /actuator/freshet                                        every feature set ({@link FeatureSetReport.All})
 * GET  /actuator/freshet/user-transactions                      one ({@link FeatureSetReport}); 404 if unknown
 * POST /actuator/freshet/user-transactions/offline-run          runs its offline job now, answers when it is done
 * POST /actuator/freshet/user-transactions/consistency-check    {"sample":50}: compares online with offline
 * </pre>
 *
 * <p>The write operations answer 403, saying which property enables them, while it is off (the default).
 */
@Endpoint(id = "freshet")
public class FreshetEndpoint {

    /** The operation that runs a feature set's offline job now. */
    public static final String OFFLINE_RUN = "offline-run";

    /** The operation that compares a feature set's online store with its offline store. */
    public static final String CONSISTENCY_CHECK = "consistency-check";

    /** Keys a consistency check samples unless the request says how many. */
    public static final int DEFAULT_SAMPLE = 100;

    // HTTP statuses WebEndpointResponse has no constant for.
    private static final int FORBIDDEN = 403;
    private static final int CONFLICT = 409;

    static final String WRITE_OPERATIONS_PROPERTY = "freshet.endpoint.write-operations-enabled";

    private final FeatureSetReports reports;
    private final FreshetEngine engine;
    private final @Nullable OfflineIngestionScheduler scheduler;
    private final @Nullable ConsistencyChecker consistency;
    private final boolean writeOperations;

    /**
     * The endpoint of {@code engine}'s feature sets; offline runs go through {@code scheduler} (under the feature set's
     * lease) when the application has one, else straight to the engine; consistency checks through
     * {@code consistency}, if the application has one; freshness is judged on {@code clock}.
     */
    public FreshetEndpoint(FreshetEngine engine, @Nullable OfflineIngestionScheduler scheduler,
            @Nullable ConsistencyChecker consistency, Clock clock, FreshetEndpointProperties properties) {
        this.engine = requireNonNull(engine, "engine");
        this.writeOperations = properties.writeOperationsEnabled();
        this.reports = new FeatureSetReports(engine, scheduler, clock, writeOperations);
        this.scheduler = scheduler;
        this.consistency = consistency;
    }

    /** Every feature set: its catalog entry and its jobs. */
    @ReadOperation
    public FeatureSetReport.All featureSets() {
        return reports.all();
    }

    /** One feature set; 404, naming the known ones, if there is none of that name. */
    @ReadOperation
    public WebEndpointResponse<Object> featureSet(@Selector String featureSet) {
        Optional<FeatureSetReport> report = reports.one(featureSet);
        return report.<WebEndpointResponse<Object>>map(WebEndpointResponse::new)
                .orElseGet(() -> unknown(featureSet));
    }

    /**
     * Runs {@code operation} on {@code featureSet}: {@value #OFFLINE_RUN} runs its offline job now (under its lease,
     * as {@link OfflineIngestionScheduler#runNow} does) and answers with what it appended once it is done;
     * {@value #CONSISTENCY_CHECK} compares up to {@code sample} keys (default {@value #DEFAULT_SAMPLE}) of its online
     * store with its offline store and answers with the report. 403 while write operations are off; 404 for an unknown
     * feature set; 400 for an unknown operation; 409 when the feature set's state does not allow it (a run going on
     * elsewhere, no offline run yet for a check); 500 with the error when it failed.
     */
    @WriteOperation
    public WebEndpointResponse<Object> operate(@Selector String featureSet, @Selector String operation,
            @Nullable Integer sample) {
        if (!writeOperations) {
            return error(FORBIDDEN, "the write operations of the freshet endpoint are off:"
                    + " set " + WRITE_OPERATIONS_PROPERTY + "=true to run offline jobs and consistency checks through"
                    + " it");
        }
        if (!reports.contains(featureSet)) {
            return unknown(featureSet);
        }
        try {
            return switch (operation) {
                case OFFLINE_RUN -> offlineRun(featureSet);
                case CONSISTENCY_CHECK -> consistencyCheck(featureSet, sample == null ? DEFAULT_SAMPLE : sample);
                default -> error(WebEndpointResponse.STATUS_BAD_REQUEST, "\"" + operation + "\" is no operation of"
                        + " the freshet endpoint; operations: " + OFFLINE_RUN + ", " + CONSISTENCY_CHECK);
            };
        } catch (LeaseLostException e) {
            return error(CONFLICT, e.getMessage());
        } catch (FreshetException e) {
            return error(operation.equals(CONSISTENCY_CHECK) ? CONFLICT
                    : WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR, e.getMessage());
        }
    }

    private WebEndpointResponse<Object> offlineRun(String featureSet) {
        if (scheduler != null) {
            return scheduler.runNow(featureSet).<WebEndpointResponse<Object>>map(done -> new WebEndpointResponse<>(
                    new OfflineRunDone(done.written(), FeatureSetReports.run(done.run()),
                            done.waitedFor().stream().map(FeatureSetReports::run).toList())))
                    .orElseGet(() -> error(CONFLICT, "feature set \"" + featureSet
                            + "\": another instance of the application holds its offline lease and runs it; nothing"
                            + " ran here"));
        }
        Optional<OfflineRun> run = engine.runOffline(featureSet);
        return run.<WebEndpointResponse<Object>>map(r -> new WebEndpointResponse<>(new OfflineRunDone(r.written(),
                FeatureSetReports.run(r), List.of())))
                .orElseGet(() -> error(CONFLICT, "feature set \"" + featureSet
                        + "\": an offline run of it is going on in this application; nothing more ran"));
    }

    private WebEndpointResponse<Object> consistencyCheck(String featureSet, int sample) {
        if (consistency == null) {
            return error(CONFLICT, "feature set \"" + featureSet + "\": the application"
                    + " has no consistency checker (it needs the Redis online feature client)");
        }
        if (sample < 1) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST, "sample " + sample + " is not positive; sample 1 or"
                    + " more keys");
        }
        return new WebEndpointResponse<>(ConsistencyCheck.of(consistency.check(featureSet, sample)));
    }

    private WebEndpointResponse<Object> unknown(String featureSet) {
        return error(WebEndpointResponse.STATUS_NOT_FOUND, "no feature set \"" + featureSet + "\"; known: "
                + reports.names());
    }

    private static WebEndpointResponse<Object> error(int status, String message) {
        return new WebEndpointResponse<>(new Refusal(message), status);
    }

    /**
     * Why the endpoint refused or could not do what was asked.
     *
     * @param error what happened, and what to do
     */
    public record Refusal(String error) {}

    /**
     * What {@value #OFFLINE_RUN} did.
     *
     * @param written   rows appended by the run and by the runs it waited for
     * @param run       its own run
     * @param waitedFor runs of the feature set going on in this application that it waited for first
     */
    public record OfflineRunDone(long written, FeatureSetReport.OfflineRunReport run,
            List<FeatureSetReport.OfflineRunReport> waitedFor) {

        /** Copies the list. */
        public OfflineRunDone {
            waitedFor = List.copyOf(waitedFor);
        }
    }

    /**
     * What {@value #CONSISTENCY_CHECK} found ({@link ConsistencyReport}).
     *
     * @param featureSet      the feature set
     * @param at              the instant compared
     * @param keys            keys sampled
     * @param keysCompared    keys compared (sampled, less those skipped)
     * @param compared        comparisons made, over all features
     * @param matched         comparisons that matched
     * @param matchRatio      their share; 1 when nothing was compared
     * @param features        per feature: matched, mismatched and missingOnline
     * @param skipped         keys not compared, by reason
     * @param comparedEarlier keys of an aggregated set compared just before the first record only the online store had
     * @param examples        a few mismatches
     */
    public record ConsistencyCheck(String featureSet, String at, int keys, long keysCompared, long compared,
            long matched, double matchRatio, Map<String, ConsistencyReport.FeatureConsistency> features,
            Map<String, Long> skipped, long comparedEarlier, List<String> examples) {

        /** Copies the maps and the list. */
        public ConsistencyCheck {
            features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
            skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
            examples = List.copyOf(examples);
        }

        static ConsistencyCheck of(ConsistencyReport report) {
            Map<String, Long> skipped = new LinkedHashMap<>();
            report.skipped().forEach((reason, keys) -> skipped.put(reason.name(), keys));
            return new ConsistencyCheck(report.featureSet(), report.at().toString(), report.keys(),
                    report.keysCompared(), report.compared(), report.matched(), report.matchRatio(),
                    report.features(), skipped, report.comparedEarlier(), report.examples());
        }
    }
}
