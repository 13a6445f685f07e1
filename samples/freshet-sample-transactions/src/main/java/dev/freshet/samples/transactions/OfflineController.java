package dev.freshet.samples.transactions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.freshet.boot.OfflineIngestionScheduler;
import dev.freshet.boot.OnDemandRun;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.consistency.ConsistencyChecker;
import dev.freshet.spark.consistency.ConsistencyReport;
import dev.freshet.spark.offline.FeatureRequest;
import dev.freshet.spark.offline.HistoricalFeatures;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.spark.offline.OfflineTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The offline store in the sample:
 *
 * <ul>
 *   <li>{@code POST /offline-runs/{featureSet}} runs a feature set's offline job now (they also run every minute);
 *   <li>{@code GET /training-sample/{featureSet}?at=…} builds a small point-in-time training set: ten keys of the
 *       offline table, labelled at {@code at} (default: a minute ago), joined with their features as of then;
 *   <li>{@code GET /consistency/{featureSet}?at=…} compares online and offline features of sampled keys at {@code at}
 *       (default: now), over the records both stores had read (see {@code ConsistencyChecker}).
 * </ul>
 */
@RestController
class OfflineController {

    /** Keys a consistency check samples. */
    private static final int SAMPLE = 50;

    private final OfflineIngestionScheduler scheduler;
    private final HistoricalFeatures historical;
    private final ConsistencyChecker consistency;
    private final FeatureSetCatalog catalog;
    private final SparkSession spark;
    private final OfflineTable table;

    OfflineController(OfflineIngestionScheduler scheduler, HistoricalFeatures historical,
            ConsistencyChecker consistency, FeatureSetCatalog catalog, SparkSession spark,
            dev.freshet.spark.FreshetEngine engine) {
        this.scheduler = scheduler;
        this.historical = historical;
        this.consistency = consistency;
        this.catalog = catalog;
        this.spark = spark;
        this.table = engine.offlineTable();
    }

    @PostMapping("/offline-runs/{featureSet}")
    ResponseEntity<Map<String, Object>> run(@PathVariable String featureSet) {
        return scheduler.runNow(featureSet)
                .map(r -> ResponseEntity.ok(describe(r)))
                .orElseGet(() -> ResponseEntity.status(409).body(Map.of("error",
                        "an offline run of " + featureSet + " is going on in another instance")));
    }

    @GetMapping("/training-sample/{featureSet}")
    List<Map<String, Object>> trainingSample(@PathVariable String featureSet,
            @RequestParam(required = false) Instant at) {
        var spec = catalog.get(featureSet);
        Instant labelTime = at != null ? at : Instant.now().minus(Duration.ofMinutes(1));
        Column[] keys = spec.key().stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
        Dataset<Row> labels = table.read(spark, spec).select(keys).distinct().limit(10)
                .withColumn("label_time", lit(Timestamp.from(labelTime)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : historical.pointInTime(labels, "label_time", List.of(FeatureRequest.all(featureSet)),
                Duration.ZERO).collectAsList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String field : r.schema().fieldNames()) {
                Object value = r.getAs(field);
                row.put(field, value instanceof Timestamp t ? t.toInstant().toString() : value);
            }
            rows.add(row);
        }
        return rows;
    }

    @GetMapping("/consistency/{featureSet}")
    Map<String, Object> consistency(@PathVariable String featureSet, @RequestParam(required = false) Instant at) {
        ConsistencyReport report = at != null ? consistency.check(featureSet, SAMPLE, at)
                : consistency.check(featureSet, SAMPLE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("featureSet", report.featureSet());
        body.put("at", report.at().toString());
        body.put("keys", report.keys());
        body.put("keysCompared", report.keysCompared());
        body.put("skipped", report.skipped());
        body.put("comparedEarlier", report.comparedEarlier());
        body.put("compared", report.compared());
        body.put("matched", report.matched());
        body.put("matchRatio", report.matchRatio());
        body.put("examples", report.examples());
        body.put("onlineStoreAt", report.online().topics());
        body.put("offlineStoreAt", report.offline().topics());
        return body;
    }

    /** The run made, and the runs it waited for (such as the start-up catch-up run, which may have taken all). */
    private static Map<String, Object> describe(OnDemandRun done) {
        Map<String, Object> body = describe(done.run());
        body.put("waitedFor", done.waitedFor().stream().map(OfflineController::describe).toList());
        body.put("writtenWithWaitedFor", done.written());
        return body;
    }

    private static Map<String, Object> describe(OfflineRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("featureSet", run.featureSet());
        body.put("started", run.started().toString());
        body.put("finished", run.finished().toString());
        body.put("batches", run.batches());
        body.put("records", run.records());
        body.put("written", run.written());
        body.put("deadLetters", run.deadLetters());
        body.put("table", run.table());
        return body;
    }
}
