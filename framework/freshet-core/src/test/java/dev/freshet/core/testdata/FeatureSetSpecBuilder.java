package dev.freshet.core.testdata;

import static dev.freshet.core.testdata.KafkaSourceSpecBuilder.aTransactionSource;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.naming.FeatureNames;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link FeatureSetSpec}s for tests: {@code aFeatureSet().name("logins").build()}. By default the feature set
 * is row-level: it reads the transactions source unchanged, keyed by {@code user_id}. With
 * {@code .windows("1h", "7d").aggregate(AVG, "amount")} it aggregates instead (tile size 1s, lateness and skew 5m
 * unless told otherwise), and its features are named and typed as the processor names and types them.
 */
public final class FeatureSetSpecBuilder {

    private String name = "user-transactions";
    private List<String> key = List.of("user_id");
    private KafkaSourceSpec source = aTransactionSource().build();
    private String timestampColumn = "timestamp";
    private String declaringClass = "com.example.UserTransactions";
    private final List<AggregationSpec> aggregations = new ArrayList<>();
    private List<Duration> windows = List.of();
    private Duration tileSize = Duration.ofSeconds(1);
    private Duration allowedLateness = Duration.ofMinutes(5);
    private Duration maxEventTimeSkew = Duration.ofMinutes(5);
    private ClusterTemplatesSpec clusterTemplates = ClusterTemplatesSpec.DEFAULT;

    private FeatureSetSpecBuilder() {}

    public static FeatureSetSpecBuilder aFeatureSet() {
        return new FeatureSetSpecBuilder();
    }

    public FeatureSetSpecBuilder name(String name) {
        this.name = name;
        return this;
    }

    public FeatureSetSpecBuilder key(String... key) {
        this.key = List.of(key);
        return this;
    }

    /** The source; the transform selects all its columns. */
    public FeatureSetSpecBuilder source(KafkaSourceSpec source) {
        this.source = source;
        return this;
    }

    public FeatureSetSpecBuilder timestampColumn(String timestampColumn) {
        this.timestampColumn = timestampColumn;
        return this;
    }

    public FeatureSetSpecBuilder declaringClass(String declaringClass) {
        this.declaringClass = declaringClass;
        return this;
    }

    /** The windows of the aggregations, as literals such as {@code "1h"}. */
    public FeatureSetSpecBuilder windows(String... literals) {
        this.windows = Arrays.stream(literals).map(DurationLiteral::parse).toList();
        return this;
    }

    public FeatureSetSpecBuilder aggregate(AggregateFunction function, String column) {
        return aggregate(function, column, "");
    }

    public FeatureSetSpecBuilder aggregate(AggregateFunction function, String column, String alias) {
        aggregations.add(new AggregationSpec(function, column, alias));
        return this;
    }

    /** The finest tile, as a literal such as {@code "1m"}. */
    public FeatureSetSpecBuilder tileSize(String literal) {
        this.tileSize = DurationLiteral.parse(literal);
        return this;
    }

    public FeatureSetSpecBuilder allowedLateness(String literal) {
        this.allowedLateness = DurationLiteral.parse(literal);
        return this;
    }

    public FeatureSetSpecBuilder maxEventTimeSkew(String literal) {
        this.maxEventTimeSkew = DurationLiteral.parse(literal);
        return this;
    }

    public FeatureSetSpecBuilder clusterTemplates(ClusterTemplatesSpec clusterTemplates) {
        this.clusterTemplates = clusterTemplates;
        return this;
    }

    public FeatureSetSpec build() {
        List<ColumnSpec> output = source.fields().stream().map(f -> new ColumnSpec(f.column(), f.type())).toList();
        String select = String.join(", ", output.stream().map(ColumnSpec::name).toList());
        WindowedAggregations windowed = aggregations.isEmpty() && windows.isEmpty() ? WindowedAggregations.NONE
                : new WindowedAggregations(aggregations, windows, tileSize, allowedLateness, maxEventTimeSkew);
        List<ColumnSpec> features = windowed.present() ? aggregateFeatures(output)
                : FeatureSetSpec.rowLevelFeatures(output, key, timestampColumn);
        return new FeatureSetSpec(name, key, source, timestampColumn, "SELECT " + select + " FROM " + source.name(),
                output, windowed, features, Duration.ofSeconds(5), "*/30 * * * *", Duration.ZERO, MetadataSpec.NONE,
                declaringClass, List.of(), null, null, null, List.of(), clusterTemplates);
    }

    private List<ColumnSpec> aggregateFeatures(List<ColumnSpec> output) {
        List<String> names = FeatureNames.of(aggregations, windows.stream().map(Window::new).toList());
        List<ColumnSpec> features = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            AggregationSpec a = aggregations.get(i / windows.size());
            ValueType input = output.stream().filter(c -> c.name().equals(a.column())).findFirst()
                    .map(ColumnSpec::type).orElse(ValueType.DOUBLE);
            features.add(new ColumnSpec(names.get(i), a.function().resultType(input)));
        }
        return features;
    }
}
