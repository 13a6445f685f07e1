package dev.freshet.core.testdata;

import static dev.freshet.core.testdata.KafkaSourceSpecBuilder.aTransactionSource;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.WindowedAggregations;
import java.time.Duration;
import java.util.List;

/**
 * Builds {@link FeatureSetSpec}s for tests: {@code aFeatureSet().name("logins").build()}. By default the feature set
 * is row-level: it reads the transactions source unchanged, keyed by {@code user_id}.
 */
public final class FeatureSetSpecBuilder {

    private String name = "user-transactions";
    private List<String> key = List.of("user_id");
    private KafkaSourceSpec source = aTransactionSource().build();
    private String timestampColumn = "timestamp";
    private String declaringClass = "com.example.UserTransactions";

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

    public FeatureSetSpec build() {
        List<ColumnSpec> output = source.fields().stream().map(f -> new ColumnSpec(f.column(), f.type())).toList();
        String select = String.join(", ", output.stream().map(ColumnSpec::name).toList());
        return new FeatureSetSpec(name, key, source, timestampColumn, "SELECT " + select + " FROM " + source.name(),
                output, WindowedAggregations.NONE, FeatureSetSpec.rowLevelFeatures(output, key, timestampColumn),
                Duration.ofSeconds(5), "*/30 * * * *", Duration.ZERO, MetadataSpec.NONE, declaringClass);
    }
}
