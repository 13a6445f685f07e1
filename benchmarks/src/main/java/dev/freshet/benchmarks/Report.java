package dev.freshet.benchmarks;

import dev.freshet.spark.backfill.BackfillReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The results of one run, written as {@code docs/benchmarks.md}: numbers, ratios, targets, how to reproduce. */
final class Report {

    /** Where the Java-transforms section starts: a {@code --transforms-only} run replaces it alone. */
    static final String TRANSFORMS_START = "<!-- java-transforms: start (rewritten by --transforms-only) -->";
    /** Where the Java-transforms section ends. */
    static final String TRANSFORMS_END = "<!-- java-transforms: end -->";
    /** Where the backfill section starts: a {@code --backfill-only} run replaces it alone. */
    static final String BACKFILL_START = "<!-- backfill: start (rewritten by --backfill-only) -->";
    /** Where the backfill section ends. */
    static final String BACKFILL_END = "<!-- backfill: end -->";

    final int events;
    final Events data;
    double freshetAggregation;
    double freshetRowLevel;
    double inMemory;
    final Map<Duration, double[]> naive = new LinkedHashMap<>();
    double redisBytesPerKey;
    double tilesPerKey;
    double stateBytesPerKey;
    int tilesMerged;
    int tilesMergedWorst;
    double[] readFreshet;
    double[] readRaw;
    final java.util.List<PointInTimeBench.Result> pointInTime = new java.util.ArrayList<>();
    TransformsBench.Result transforms;
    BackfillBench.Result backfill;
    final double naiveSeconds;

    Report(int events, Events data, double naiveSeconds) {
        this.events = events;
        this.data = data;
        this.naiveSeconds = naiveSeconds;
    }

    /** Events per second of the naive path computing all five windows: each event goes through every window. */
    double naiveAllWindows() {
        return naiveFirstWindows(naive.size());
    }

    /** As {@link #naiveAllWindows()}, without the longest window. */
    double naiveWithoutLongest() {
        return naiveFirstWindows(naive.size() - 1);
    }

    /** Events per second of the naive path computing the first {@code count} windows: 1 / Σ(1 / rate). */
    private double naiveFirstWindows(int count) {
        return 1 / naive.values().stream().limit(count).mapToDouble(r -> 1 / r[1]).sum();
    }

    void write(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Measured by `benchmarks/` (see `benchmarks/README.md`) on ").append(LocalDate.now())
                .append(", in one JVM (").append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB, Spark `local[2]`), all contenders on the")
                .append(" same generated events: ").append(String.format(Locale.ROOT, "%,d", events))
                .append(" card transactions of ").append(data.keys()).append(" users over ").append(data.days())
                .append(" days of event time. Rates are steady-state (Freshet's first micro-batch and a warm-up run of")
                .append(" each baseline are not counted). Reproduce with:\n\n```bash\n")
                .append("./mvnw -B -Pbenchmarks -DskipTests -pl benchmarks -am verify")
                .append(String.format(Locale.ROOT, " -Dbenchmark.args=\"--events %d --naive-seconds %.0f\"", events,
                        naiveSeconds))
                .append("\n```\n\n");
        md.append("## Aggregation throughput\n\nAVG and SUM of `amount` and BOOLEAN_OR of `is_remote` over 1m, 1h, 3h,")
                .append(" 1d and 7d (15 features per user).\n\n");
        md.append("| contender | events/s | Freshet ÷ contender |\n|---|---:|---:|\n");
        row(md, "**Freshet aggregation** (Kafka → JSON decode → SQL → tiles in RocksDB state → Redis)",
                freshetAggregation, 1);
        row(md, "in-memory 1-minute tiles, rolled up (no Kafka, no parsing, no Redis, no state store): the practical"
                + " limit", inMemory, freshetAggregation / inMemory);
        row(md, "Spark's naive `window(ts, w, \"1 minute\")`, all five windows", naiveAllWindows(),
                freshetAggregation / naiveAllWindows());
        row(md, "Spark's naive, the four windows up to 1d (without 7d, whose rate is mostly Spark's fixed cost per"
                + " query)", naiveWithoutLongest(), freshetAggregation / naiveWithoutLongest());
        for (Map.Entry<Duration, double[]> e : naive.entrySet()) {
            md.append(String.format(Locale.ROOT, "| &nbsp;&nbsp;naive, window %s only (%,.0f events) | %,.1f | |%n",
                    label(e.getKey()), e.getValue()[0], e.getValue()[1]));
        }
        row(md, "Freshet row-level path on the same events (no aggregation)", freshetRowLevel,
                freshetAggregation / freshetRowLevel);
        md.append("\n## Online store and reads\n\n| measure | value |\n|---|---:|\n");
        md.append(String.format(Locale.ROOT, "| tiles per user in Redis (avg) | %.0f |%n", tilesPerKey));
        md.append(String.format(Locale.ROOT, "| bytes per user in Redis (field names + values) | %,.0f |%n",
                redisBytesPerKey));
        md.append(String.format(Locale.ROOT, "| state bytes per user (tiles as in the state store) | %,.0f |%n",
                stateBytesPerKey));
        md.append(String.format(Locale.ROOT, "| tiles merged per read of 15 features (this read time / worst case) |"
                + " %d / %d |%n", tilesMerged, tilesMergedWorst));
        md.append(String.format(Locale.ROOT, "| read of 1 user × 15 features, `RedisOnlineFeatureClient`: p50 / p99 |"
                + " %.3f ms / %.3f ms |%n", readFreshet[0], readFreshet[1]));
        md.append(String.format(Locale.ROOT, "| raw Lettuce `HGETALL` of the same hash: p50 / p99 | %.3f ms / %.3f ms"
                + " |%n", readRaw[0], readRaw[1]));
        md.append(String.format(Locale.ROOT, "| Freshet read ÷ raw read (p99) | %.2f× |%n",
                readFreshet[1] / readRaw[1]));
        md.append("\n## Point-in-time retrieval\n\nLabels joined with a row-level feature set's features as of each")
                .append(" label's time, from its Delta table. Freshet: labels and stored events in one union, one sort by")
                .append(" key and time, and a running last-non-null value per feature (an as-of join in Spark's")
                .append(" generated code). Naive: join on key and `event time <= label time`, then `row_number()`")
                .append(" over each label's matches. Both answers reduced to one checksum and compared.")
                .append(" The floor is what any as-of join over an unclustered table pays: scanning the stored rows")
                .append(" and sorting them by key and time, nothing else.\n\n")
                .append("| labels | keys | stored rows per key | Freshet | naive join + rank | naive ÷ Freshet |")
                .append(" floor: scan + sort | identical |\n|---:|---:|---:|---:|---:|---:|---:|:---:|\n");
        for (PointInTimeBench.Result r : pointInTime) {
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %d (%,d rows) | %.1f s | %.1f s | %.1f× | %.1f s | %s |%n",
                    r.labels(), r.keys(), r.perKey(), r.keys() * r.perKey(), r.freshetSeconds(), r.naiveSeconds(),
                    r.naiveSeconds() / r.freshetSeconds(), r.floorSeconds(), r.identical() ? "yes" : "**no**"));
        }
        if (transforms != null) {
            md.append('\n').append(transformsSection());
        }
        if (backfill != null) {
            md.append('\n').append(backfillSection());
        }
        md.append("\n## Against the targets\n\n| target | measured | met |\n|---|---:|:---:|\n");
        target(md, "≥ 300× the naive path", freshetAggregation / naiveAllWindows(), "%,.0f×",
                freshetAggregation / naiveAllWindows() >= 300);
        target(md, "≥ 300× the naive path without its 7d window (less of Spark's fixed cost per query)",
                freshetAggregation / naiveWithoutLongest(), "%,.0f×", freshetAggregation / naiveWithoutLongest() >= 300);
        target(md, "≥ 0.7× the in-memory limit", freshetAggregation / inMemory, "%.2f×",
                freshetAggregation / inMemory >= 0.7);
        target(md, "aggregation ≥ 50% of the row-level rate", freshetAggregation / freshetRowLevel, "%.2f×",
                freshetAggregation / freshetRowLevel >= 0.5);
        target(md, "read p99 ≤ 0.5 ms for one key", readFreshet[1], "%.3f ms", readFreshet[1] <= 0.5);
        target(md, "read p99 ≤ 2× the raw read", readFreshet[1] / readRaw[1], "%.2f×",
                readFreshet[1] / readRaw[1] <= 2);
        if (!pointInTime.isEmpty()) {
            PointInTimeBench.Result first = pointInTime.get(0);
            target(md, "point-in-time ≥ 5× faster than join + rank (≈100 rows per key)",
                    first.naiveSeconds() / first.freshetSeconds(), "%.1f×",
                    first.naiveSeconds() / first.freshetSeconds() >= 5);
            boolean identical = pointInTime.stream().allMatch(PointInTimeBench.Result::identical);
            md.append("| identical results at both shapes | ").append(identical ? "yes" : "no").append(" | ")
                    .append(identical ? "yes" : "**no**").append(" |\n");
        }
        md.append("\n## Notes\n\n")
                .append("- The in-memory limit and the naive path are batch jobs over a cached frame; Freshet runs as")
                .append(" users run it, from Kafka to Redis, including JSON decoding, dead-letter checks, the")
                .append(" state store's commits and pipelined Redis writes.\n")
                .append(String.format(Locale.ROOT, "- The naive path runs each window on as many events as finish in"
                        + " about %.0f seconds (Spark's", naiveSeconds))
                .append(" generated code for a 1-day or 7-day sliding window is too large to compile and falls back to")
                .append(" interpretation); its all-windows rate is 1 / Σ(1 / rate of each window). For 1d and 7d")
                .append(" a run costs tens of seconds (1d) to minutes (7d) whatever the number of events (planning a")
                .append(" 1,440- or 10,080-way expansion of each row, then a failed compilation), so the measured")
                .append(" rate of those windows is mostly that fixed cost, which a streaming query pays again in")
                .append(" every micro-batch. The row without 7d shows the comparison with less of it.\n")
                .append("- JVM: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-Xmx") || a.startsWith("-XX:Reserved")).toList()).append(".\n");
        Files.writeString(file, md.toString());
    }

    /**
     * Replaces only the Java-transforms section of {@code file} (between {@link #TRANSFORMS_START} and
     * {@link #TRANSFORMS_END}) with this run's, leaving the other sections as they are; a file without the section
     * gets it before its targets, or at its end.
     */
    void writeTransforms(Path file) throws IOException {
        replaceSection(file, TRANSFORMS_START, TRANSFORMS_END, transformsSection());
    }

    /**
     * Replaces only the backfill section of {@code file} (between {@link #BACKFILL_START} and {@link #BACKFILL_END})
     * with this run's, as {@link #writeTransforms} does its own.
     */
    void writeBackfill(Path file) throws IOException {
        replaceSection(file, BACKFILL_START, BACKFILL_END, backfillSection());
    }

    private static void replaceSection(Path file, String startMarker, String endMarker, String section)
            throws IOException {
        String md = Files.readString(file);
        int start = md.indexOf(startMarker);
        int end = md.indexOf(endMarker);
        if (start >= 0 && end > start) {
            int after = end + endMarker.length();
            md = md.substring(0, start) + section + md.substring(md.startsWith("\n", after) ? after + 1 : after);
        } else {
            int targets = md.indexOf("## Against the targets");
            md = targets >= 0 ? md.substring(0, targets) + section + "\n" + md.substring(targets)
                    : md + "\n" + section;
        }
        Files.writeString(file, md);
    }

    /**
     * The Java-transforms section, between its markers. It names its own date, events and JVM, since a
     * {@code --transforms-only} run rewrites it alone.
     */
    private String transformsSection() {
        StringBuilder md = new StringBuilder(TRANSFORMS_START).append('\n');
        md.append("## Java transforms\n\n")
                .append("One risk feature (the amount, doubled for a remote transaction, for transactions with a")
                .append(" positive amount) computed three ways by a row-level feature set on Freshet's online path")
                .append(" (Kafka → JSON decode → transform → Redis), on the same topic: measured on ")
                .append(LocalDate.now()).append(String.format(Locale.ROOT, " on %,d events", events))
                .append(" in one JVM (").append(jvm()).append("). After a warm-up round of all three, not counted,")
                .append(" each contender ran ").append(TransformsBench.ROUNDS).append(" times, in an order rotating")
                .append(" from round to round, six micro-batches a run; its best steady-state rate is shown (first")
                .append(" micro-batch excluded). The three were measured in the same run, so the ratios")
                .append(" hold, while absolute rates vary with the load of the machine, which is shared with other")
                .append(String.format(Locale.ROOT, " builds (one-minute load average %.1f before the first run, %.1f"
                        + " after the last). Reproduce this section alone with:%n%n```bash%n", transforms.loadBefore(),
                        transforms.loadAfter()))
                .append("./mvnw -B -Pbenchmarks -DskipTests -pl benchmarks -am verify")
                .append(String.format(Locale.ROOT, " -Dbenchmark.args=\"--transforms-only true --events %d\"",
                        events))
                .append("\n```\n\n| contender | events/s, best run | slowest run | ÷ plain SQL, best runs |")
                .append(" ÷ plain SQL, median of the rounds | rounds slower than plain SQL |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (TransformsBench.Contender c : TransformsBench.Contender.values()) {
            boolean sql = c == TransformsBench.Contender.SQL;
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %s | %s | %s |%n", c.description,
                    transforms.best(c), transforms.worst(c),
                    sql ? "—" : String.format(Locale.ROOT, "%.2f×", transforms.ratioToSql(c)),
                    sql ? "—" : String.format(Locale.ROOT, "%.2f×", transforms.medianRoundRatioToSql(c)),
                    sql ? "—" : transforms.roundsSlowerThanSql(c) + " of " + TransformsBench.ROUNDS));
        }
        md.append("\nThe median of the rounds compares each contender with plain SQL run next to it, so it is the")
                .append(" steadier ratio when the load or the JVM's warm-up changes between rounds.\n");
        md.append(String.format(Locale.ROOT, "%nIdentical: %s. Every run produced %,d rows and no dead letter, of"
                + " which %,d were applied to Redis (each user's newest of each micro-batch), and the hashes of all"
                + " %,d users in Redis were compared across the runs.%s%n%n", transforms.identical() ? "yes" : "**no**",
                transforms.rows(), transforms.applied(), transforms.keysCompared(), transforms.rows() == events
                        ? " The generated amounts are all positive, so the filter drops none." : ""));
        md.append(String.format(Locale.ROOT, "What the difference costs (by the median ratios): %.2f µs per event for"
                + " the SQL function and %.2f µs for the record transform, beyond plain SQL, which stays in Spark's"
                + " generated code on its binary rows: a SQL function calls out of that code with its arguments"
                + " converted to Java values, a record transform leaves it (each row to Java values, to a record, back"
                + " to a row), and both pass every row through the failure routing that dead-letters a failed"
                + " record.%n%n",
                transforms.extraMicrosPerEvent(TransformsBench.Contender.SQL_FUNCTION),
                transforms.extraMicrosPerEvent(TransformsBench.Contender.RECORD_TRANSFORM)));
        md.append(String.format(Locale.ROOT, "A micro-batch's fixed cost (planning, offset and log commits) is the"
                + " same for all three, so at this batch size (%,d events) it narrows the ratios.%n",
                Benchmarks.eventsPerBatch(events)));
        return md.append(TRANSFORMS_END).append('\n').toString();
    }

    /**
     * The backfill section, between its markers. It names its own date, events and JVM, since a
     * {@code --backfill-only} run rewrites it alone.
     */
    private String backfillSection() {
        BackfillBench.BackfillRun best = backfill.backfill();
        BackfillReport r = best.report();
        BackfillBench.StreamRun stream = backfill.stream();
        int events = backfill.events();
        StringBuilder md = new StringBuilder(BACKFILL_START).append('\n');
        md.append("## Backfill throughput\n\n")
                .append("The same events into both stores of an aggregated feature set (the aggregations and windows")
                .append(" above), two ways: a backfill reading them as Parquet (one batch source, schema read from")
                .append(" the files, the stream source's columns) over a range covering every event, in slices of ")
                .append(label(BackfillBench.SLICE)).append(", and the stream reading them from Kafka, which needs two")
                .append(" jobs for the two stores. Measured on ").append(LocalDate.now())
                .append(String.format(Locale.ROOT, " on %,d events", events)).append(" in one JVM (").append(jvm())
                .append("). After a warm-up round of both, not counted, each contender ran ")
                .append(BackfillBench.ROUNDS).append(" times, the order alternating, each time as a feature set of")
                .append(" its own; its best run is shown, since load from elsewhere only slows a run. Times are end to")
                .append(" end, from the call to its return.")
                .append(String.format(Locale.ROOT, " One-minute load average %.1f before the first run, %.1f after"
                        + " the last. Reproduce this section alone with:%n%n```bash%n", backfill.loadBefore(),
                        backfill.loadAfter()))
                .append("./mvnw -B -Pbenchmarks -DskipTests -pl benchmarks -am verify")
                .append(String.format(Locale.ROOT, " -Dbenchmark.args=\"--backfill-only true --events %d\"", events))
                .append("\n```\n\n| contender | events | seconds | events/s | backfill ÷ contender |\n")
                .append("|---|---:|---:|---:|---:|\n");
        backfillRow(md, String.format(Locale.ROOT, "**backfill** (Parquet → the one pipeline → Delta in %d slices,"
                + " then tiles replayed from Delta → Redis): `runBackfill`", r.slices()), events, best.seconds(), 1);
        backfillRow(md, "**stream** into tiles and Delta: both jobs, 1 / (1 / online + 1 / offline)", events,
                stream.seconds(), backfill.ratio());
        backfillRow(md, String.format(Locale.ROOT, "&nbsp;&nbsp;online job (Kafka → JSON decode → tiles in RocksDB"
                + " state → Redis), six micro-batches; steady state without the first: %,.0f events/s",
                stream.onlineSteadyState()), events, stream.onlineSeconds(),
                backfill.backfillRate() * stream.onlineSeconds() / events);
        backfillRow(md, "&nbsp;&nbsp;offline job (Kafka → JSON decode → Delta): `runOffline`", events,
                stream.offlineSeconds(), backfill.backfillRate() * stream.offlineSeconds() / events);
        md.append(String.format(Locale.ROOT, "%nBackfill ÷ stream, median of the rounds (each round's two runs"
                + " share its load): %.2f×; the backfill was faster in %d of %d rounds.%n", backfill.medianRoundRatio(),
                backfill.roundsBackfillFaster(), BackfillBench.ROUNDS));
        md.append(String.format(Locale.ROOT, "%nAll runs, in round order: backfill %s s; stream (online + offline)"
                + " %s s.%n", backfill.backfills().stream().map(x -> String.format(Locale.ROOT, "%.1f", x.seconds()))
                        .toList(), backfill.streams().stream().map(x -> String.format(Locale.ROOT, "%.1f + %.1f",
                        x.onlineSeconds(), x.offlineSeconds())).toList()));
        md.append(String.format(Locale.ROOT, "%nThe best backfill ran %d of %d slices, read %,d rows, appended %,d"
                + " to its Delta table (dead letters: %s) and wrote the tiles of %,d users; the best stream's offline"
                + " job appended %,d rows from %,d records in %d micro-batch%s.%n", r.slicesRun(), r.slices(),
                r.read(), r.appended(), r.deadLetters().isEmpty() ? "none" : r.deadLetters(), r.keys(),
                stream.offline().written(), stream.offline().records(), stream.offline().batches(),
                stream.offline().batches() == 1 ? "" : "es"));
        md.append(String.format(Locale.ROOT, "%nIdentical: %s. The offline tables of all %d sets (warm-up included)"
                + " hold %s (of %,d events), and for every set %,d feature values of %d users, read through"
                + " `RedisOnlineFeatureClient.getAsOf` at the events' end, agree with the first backfilled set's"
                + " (doubles to a relative 1e-9: sums of the same amounts in another order).%n%n",
                backfill.identical() ? "yes" : "**no**", backfill.rowsPerTable().size(),
                backfill.rowsPerTable().stream().distinct().count() == 1
                        ? String.format(Locale.ROOT, "%,d rows each", backfill.rowsPerTable().get(0))
                        : backfill.rowsPerTable() + " rows",
                events, backfill.featuresCompared(), backfill.usersCompared()));
        md.append("What each side pays: the backfill reads columnar files (no Kafka fetch, no JSON decoding) but")
                .append(" goes through its data twice, appending each slice to Delta as its own Spark job and commit,")
                .append(" then reading the table back to replay each user's events into tiles (the code retrieval")
                .append(" uses), saved as the seed the online job starts from and written to Redis. The stream reads")
                .append(" and decodes the topic once per job, and its")
                .append(" online job keeps the tiles in the state store, committed every micro-batch.\n");
        return md.append(BACKFILL_END).append('\n').toString();
    }

    private static void backfillRow(StringBuilder md, String name, int events, double seconds, double ratio) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %s |%n", name, events, seconds,
                events / seconds, ratio == 1 ? "—" : String.format(Locale.ROOT, "%.2f×", ratio)));
    }

    private static String jvm() {
        return System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores, heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, Spark `local[2]`, "
                + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-Xmx") || a.startsWith("-XX:Reserved")).toList();
    }

    private static void row(StringBuilder md, String name, double rate, double ratio) {
        md.append(String.format(Locale.ROOT, "| %s | %,.1f | %s |%n", name, rate,
                ratio == 1 ? "—" : String.format(Locale.ROOT, "%,.2f×", ratio)));
    }

    private static void target(StringBuilder md, String name, double value, String format, boolean met) {
        md.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, format, value)).append(" | ")
                .append(met ? "yes" : "**no**").append(" |\n");
    }

    private static String label(Duration d) {
        long m = d.toMinutes();
        return m % 1440 == 0 ? m / 1440 + "d" : m % 60 == 0 ? m / 60 + "h" : m + "m";
    }
}
