package dev.freshet.boot;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.deadletter.DeadLetterSummary;
import dev.freshet.spark.deadletter.ReplayOptions;
import dev.freshet.spark.deadletter.ReplayReport;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Actuator endpoint {@code freshetdeadletters}: what a feature set's dead-letter topic holds, and a replay of its
 * dead letters once their cause is fixed ({@link FreshetEngine#replayDeadLetters}). Like every endpoint but
 * {@code health}, it is not exposed unless the application says so:
 * {@code management.endpoints.web.exposure.include=health,freshetdeadletters}.
 *
 * <pre>
 * GET  /actuator/freshetdeadletters/user-transactions           the summary, by reason
 * POST /actuator/freshetdeadletters/user-transactions           replays every reason but LATE
 * POST /actuator/freshetdeadletters/user-transactions  {"reasons":"TYPE_MISMATCH,MISSING_KEY"}
 * </pre>
 */
@Endpoint(id = "freshetdeadletters")
public class FreshetDeadLettersEndpoint {

    private final FreshetEngine engine;

    /** The endpoint of {@code engine}'s feature sets. */
    public FreshetDeadLettersEndpoint(FreshetEngine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /** The feature sets whose dead letters this endpoint summarises and replays. */
    @ReadOperation
    public List<String> featureSets() {
        return engine.catalog().names().stream().sorted().toList();
    }

    /** What {@code featureSet}'s dead-letter topic holds, by reason, and how much of it was replayed. */
    @ReadOperation
    public DeadLetterSummary summary(@Selector String featureSet) {
        return engine.deadLetterSummary(known(featureSet));
    }

    /**
     * Replays {@code featureSet}'s dead letters of {@code reasons} (names such as {@code TYPE_MISMATCH}, in any
     * case; none for every reason but {@code LATE}; over HTTP one comma-separated string) and reports what it
     * replayed and skipped.
     */
    @WriteOperation
    public ReplayReport replay(@Selector String featureSet, @Nullable List<String> reasons) {
        String name = known(featureSet);
        return engine.replayDeadLetters(name, reasons == null || reasons.isEmpty() ? ReplayOptions.defaults()
                : new ReplayOptions(parse(reasons), ReplayOptions.DEFAULT_RECORDS_PER_TRANSACTION));
    }

    private String known(String featureSet) {
        FeatureSetCatalog catalog = engine.catalog();
        if (!catalog.contains(featureSet)) {
            throw new InvalidEndpointRequestException("no feature set \"" + featureSet + "\"; known: "
                    + featureSets(), "unknown feature set");
        }
        return featureSet;
    }

    private static Set<DeadLetterReason> parse(List<String> reasons) {
        Set<DeadLetterReason> parsed = EnumSet.noneOf(DeadLetterReason.class);
        for (String reason : reasons) {
            try {
                parsed.add(DeadLetterReason.valueOf(reason.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidEndpointRequestException("\"" + reason + "\" is no dead-letter reason; reasons: "
                        + Arrays.toString(DeadLetterReason.values()), "unknown reason");
            }
        }
        return parsed;
    }
}
