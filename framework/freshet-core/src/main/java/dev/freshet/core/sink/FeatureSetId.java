package dev.freshet.core.sink;

import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.WindowedAggregations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * A feature set's {@code featureset_id} on sink messages (ADR 0018): {@code <name>.<12 hex digits>}, the digits a
 * SHA-256 of what a consumer's reading of a message depends on — the key columns and their types, the event-time
 * column, each feature's name and type (in name order), and for an aggregated set its aggregations, windows, tile size
 * and event-time policy. Stable across restarts and hosts; it changes when a message could mean something else: a key,
 * a feature's type, a feature added or removed, a window or an aggregation changed. Metadata, schedules, triggers and
 * a transform with the same output keep it.
 */
public final class FeatureSetId {

    private FeatureSetId() {}

    /** The id of {@code spec}. */
    public static String of(FeatureSetSpec spec) {
        StringBuilder text = new StringBuilder("freshet-featureset-id 1\n");
        for (String k : spec.key()) {
            text.append("key ").append(k).append(' ').append(spec.column(k).map(ColumnSpec::type).orElseThrow())
                    .append('\n');
        }
        text.append("time ").append(spec.timestampColumn()).append('\n');
        spec.featureColumns().stream().sorted(Comparator.comparing(ColumnSpec::name))
                .forEach(c -> text.append("feature ").append(c.name()).append(' ').append(c.type()).append('\n'));
        if (spec.aggregated()) {
            WindowedAggregations a = spec.aggregations();
            for (AggregationSpec g : a.aggregations()) {
                text.append("aggregate ").append(g.function()).append(' ').append(g.column()).append(' ')
                        .append(g.alias()).append('\n');
            }
            a.windows().forEach(w -> text.append("window ").append(w).append('\n'));
            text.append("tile ").append(a.tileSize()).append(" lateness ").append(a.allowedLateness())
                    .append(" skew ").append(a.maxEventTimeSkew()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return spec.name() + "." + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
