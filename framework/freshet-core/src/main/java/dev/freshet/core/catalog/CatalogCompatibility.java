package dev.freshet.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.core.definition.DefinitionDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether the feature sets of a build may replace those of a baseline catalog (the {@code catalog.json} of the last
 * release) on the same checkpoints and stores: each difference of each feature set is a {@link Finding},
 * {@link Verdict#INCOMPATIBLE} when the state and stores written by the baseline would become unreadable or silently
 * change meaning, {@link Verdict#COMPATIBLE} otherwise.
 *
 * <p>The key, the event time, the topics and the tile model are compared and worded by {@link DefinitionDiff}, as the
 * engine's start-time check does. It classifies changes as the engine does when a job starts on an old checkpoint ({@code docs/feature-sets.md},
 * "Changing a feature set"; ADR 0013), taking for each change the strictest of the jobs a feature set runs: a change
 * the online or the offline job would refuse is incompatible here. It adds what the engine does not record: removed
 * feature sets, features reordered (clients may read a vector by position) and the source's format. See ADR 0021.
 *
 * <p>Use it from a JUnit test ({@link #assertCompatible(Path, Path)}) or from a build step ({@link #main}).
 */
public final class CatalogCompatibility {

    /** Where the annotation processor writes the catalog of a Maven module's main classes. */
    public static final Path BUILD_CATALOG = Path.of("target", "classes").resolve(CatalogDocument.RESOURCE);

    /** Whether a change may ship without a migration. */
    public enum Verdict {
        /** The state or stores the baseline wrote would be unreadable or mean something else: migrate. */
        INCOMPATIBLE,
        /** The jobs resume on their checkpoints and stores as they are. */
        COMPATIBLE
    }

    /**
     * One difference of one feature set.
     *
     * @param featureSet the feature set's name
     * @param verdict    whether it needs a migration
     * @param change     what changed, old {@code ->} new, such as {@code key: user_id STRING -> account_id STRING}
     * @param migration  how to ship it: empty for a compatible change
     */
    public record Finding(String featureSet, Verdict verdict, String change, String migration) {
        /** Checks every part is present. */
        public Finding {
            requireNonNull(featureSet, "featureSet");
            requireNonNull(verdict, "verdict");
            requireNonNull(change, "change");
            requireNonNull(migration, "migration");
        }

        @Override
        public String toString() {
            return featureSet + ": " + verdict + " " + change + (migration.isEmpty() ? "" : "; migrate: " + migration);
        }
    }

    /** The build's catalog is not compatible with its baseline; the message lists every finding. */
    public static final class IncompatibleCatalogException extends AssertionError {
        private static final long serialVersionUID = 1L;

        /** The incompatible findings; not serialized. */
        private final transient List<Finding> findings;

        IncompatibleCatalogException(String report, List<Finding> findings) {
            super(report);
            this.findings = List.copyOf(findings);
        }

        /** The incompatible findings, in report order. */
        public List<Finding> findings() {
            return findings;
        }
    }

    private final List<Finding> findings;

    private CatalogCompatibility(List<Finding> findings) {
        this.findings = List.copyOf(findings);
    }

    /** The differences from {@code baseline} to {@code current}, feature sets by name, sorted. */
    public static CatalogCompatibility between(CatalogDocument baseline, CatalogDocument current) {
        List<Finding> findings = new ArrayList<>();
        Map<String, CatalogEntry> now = byName(current.featureSets(), CatalogEntry::name);
        for (CatalogEntry was : baseline.featureSets()) {
            CatalogEntry entry = now.get(was.name());
            if (entry == null) {
                findings.add(new Finding(was.name(), Verdict.INCOMPATIBLE, "feature set removed (declared by "
                        + was.declaringClass() + ")", "keep declaring it until its clients are gone; then delete"
                        + " what its jobs wrote: " + stores(was.name(), true)));
            } else {
                findings.addAll(new Comparison(was, entry).run());
            }
        }
        Set<String> before = byName(baseline.featureSets(), CatalogEntry::name).keySet();
        current.featureSets().stream().filter(e -> !before.contains(e.name())).forEach(e ->
                findings.add(new Finding(e.name(), Verdict.COMPATIBLE, "feature set added", "")));
        findings.sort((a, b) -> a.featureSet().compareTo(b.featureSet()));
        return new CatalogCompatibility(findings);
    }

    /** Every finding, by feature set, in the order the feature set's parts are compared. */
    public List<Finding> findings() {
        return findings;
    }

    /** The findings that need a migration. */
    public List<Finding> incompatible() {
        return findings.stream().filter(f -> f.verdict() == Verdict.INCOMPATIBLE).toList();
    }

    /** Whether the current catalog may ship without a migration. */
    public boolean compatible() {
        return incompatible().isEmpty();
    }

    /**
     * A report of every finding for people: a summary line, then each feature set with a difference, its incompatible
     * findings (with their migration) before its compatible ones.
     */
    public String report() {
        List<Finding> bad = incompatible();
        StringBuilder out = new StringBuilder();
        long sets = bad.stream().map(Finding::featureSet).distinct().count();
        out.append(bad.isEmpty() ? "the Freshet catalog is compatible with its baseline"
                : "the Freshet catalog is not compatible with its baseline: " + bad.size() + " incompatible change"
                        + (bad.size() == 1 ? "" : "s") + " in " + sets + " feature set" + (sets == 1 ? "" : "s"));
        Map<String, List<Finding>> bySet = findings.stream().collect(Collectors.groupingBy(Finding::featureSet,
                LinkedHashMap::new, Collectors.toList()));
        bySet.forEach((name, list) -> {
            out.append('\n').append(name).append(':');
            for (Verdict verdict : Verdict.values()) {
                for (Finding f : list) {
                    if (f.verdict() == verdict) {
                        out.append("\n  ").append(verdict).append(' ').append(f.change());
                        if (!f.migration().isEmpty()) {
                            out.append("\n    migrate: ").append(f.migration());
                        }
                    }
                }
            }
        });
        return out.toString();
    }

    /**
     * Fails when the catalog at {@code current} is not compatible with the one at {@code baseline}: for a JUnit test,
     * with {@code current} the build's {@link #BUILD_CATALOG}.
     *
     * @throws IncompatibleCatalogException with {@link #report()} as its message
     * @throws dev.freshet.core.error.FreshetException if either file is not a catalog
     * @throws UncheckedIOException if either file cannot be read
     */
    public static CatalogCompatibility assertCompatible(Path baseline, Path current) {
        return check(read(baseline), read(current));
    }

    /**
     * Fails when the catalogs {@code loader} finds ({@link CatalogDocument#discover(ClassLoader)}) are not
     * compatible with the one at {@code baseline}.
     *
     * @throws IncompatibleCatalogException with {@link #report()} as its message
     */
    public static CatalogCompatibility assertCompatible(Path baseline, ClassLoader loader) {
        return check(read(baseline), CatalogDocument.discover(loader));
    }

    private static CatalogCompatibility check(CatalogDocument baseline, CatalogDocument current) {
        CatalogCompatibility result = between(baseline, current);
        if (!result.compatible()) {
            throw new IncompatibleCatalogException(result.report(), result.incompatible());
        }
        return result;
    }

    /** Reads the catalog file at {@code file}. */
    public static CatalogDocument read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CatalogDocument.read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Freshet catalog " + file, e);
        }
    }

    /**
     * A build step: {@code CatalogCompatibility <baseline> [<current>]}, with {@code current} the build's
     * {@link #BUILD_CATALOG} when left out, or the class path's catalogs when that file does not exist. Prints the
     * report; exits 0 when compatible, 1 when not, 2 when the arguments or a file are wrong.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** What {@link #main} does, returning the exit status instead of exiting. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: java " + CatalogCompatibility.class.getName() + " <baseline catalog.json>"
                    + " [<current catalog.json>, default " + BUILD_CATALOG + " or the class path's]");
            return 2;
        }
        try {
            CatalogDocument baseline = read(Path.of(args[0]));
            Path current = args.length == 2 ? Path.of(args[1]) : BUILD_CATALOG;
            CatalogDocument now = args.length == 1 && !Files.exists(current)
                    ? CatalogDocument.discover(Thread.currentThread().getContextClassLoader()) : read(current);
            CatalogCompatibility result = between(baseline, now);
            (result.compatible() ? out : err).println(result.report());
            return result.compatible() ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("cannot check the Freshet catalog: " + e.getMessage());
            return 2;
        }
    }

    /** What a reset of {@code name} deletes: every job's ({@code all}) or the online job's. */
    private static String stores(String name, boolean all) {
        return all ? "the checkpoints <checkpoint-root>/" + name + "/online and /offline, the Redis keys <prefix>:"
                + name + ":* and its Delta table"
                : "the checkpoint <checkpoint-root>/" + name + "/online and the Redis keys <prefix>:" + name + ":*";
    }

    /** How to ship an incompatible change of {@code name}, resetting every job ({@code all}) or the online one. */
    private static String migration(String name, boolean all) {
        return "declare the changed feature set under a new name (such as \"" + name + "-v2\"; the name identifies its"
                + " checkpoints, Redis keys and Delta table) and retire this one, or reset it: stop the application,"
                + " delete " + stores(name, all) + ", then start (docs/operations.md#restarts-and-upgrades)";
    }

    /** One feature set's comparison and its findings so far. */
    private static final class Comparison {
        private static final String BY_POSITION = " (clients that read a vector by position would read other"
                + " features; add new features at the end)";
        private final CatalogEntry was;
        private final CatalogEntry now;
        private final List<Finding> findings = new ArrayList<>();

        Comparison(CatalogEntry was, CatalogEntry now) {
            this.was = was;
            this.now = now;
        }

        List<Finding> run() {
            key();
            source();
            columns();
            features();
            aggregations();
            backfill();
            transform();
            settings();
            return findings;
        }

        private void incompatible(String change) {
            findings.add(new Finding(now.name(), Verdict.INCOMPATIBLE, change, migration(now.name(), true)));
        }

        /** An incompatible change of the tiles, which only the online job keeps. */
        private void tiles(String change) {
            findings.add(new Finding(now.name(), Verdict.INCOMPATIBLE, change + " (the online job's state and Redis"
                    + " hashes hold tiles of the old aggregations)", migration(now.name(), false)));
        }

        private void compatible(String change) {
            findings.add(new Finding(now.name(), Verdict.COMPATIBLE, change, ""));
        }

        private <T> void setting(String what, T before, T after, Function<T, String> text) {
            if (!Objects.equals(before, after)) {
                compatible(what + ": " + text.apply(before) + " -> " + text.apply(after));
            }
        }

        void key() {
            DefinitionDiff.key(was.key(), now.key()).ifPresent(this::incompatible);
            DefinitionDiff.eventTime(was.timestampColumn(), now.timestampColumn()).ifPresent(this::incompatible);
        }

        void source() {
            DefinitionDiff.topics(was.source().topics(), now.source().topics()).ifPresent(this::incompatible);
            if (was.source().format() != now.source().format()) {
                incompatible("source format: " + was.source().format() + " -> " + now.source().format()
                        + " (the records already read were decoded as " + was.source().format() + ")");
            }
            setting("starting offsets", was.source().startingOffsets(), now.source().startingOffsets(),
                    s -> s + " (read only without a checkpoint)");
            setting("source connection", connection(was.source().bootstrapServers(), was.source().connection()),
                    connection(now.source().bootstrapServers(), now.source().connection()), s -> s);
            setting("source security", was.source().security(), now.source().security(), Object::toString);
        }

        private static String connection(String servers, String name) {
            return !servers.isEmpty() ? servers : !name.isEmpty() ? "connection " + name : "the application's";
        }

        /** The output columns, which the offline job's Delta table holds (except the key and event time). */
        void columns() {
            Set<String> keyAndTime = new HashSet<>();
            for (CatalogEntry e : List.of(was, now)) {
                e.key().forEach(k -> keyAndTime.add(k.name()));
                keyAndTime.add(e.timestampColumn());
            }
            Map<String, ColumnSpec> after = byName(now.outputColumns(), ColumnSpec::name);
            Map<String, ColumnSpec> before = byName(was.outputColumns(), ColumnSpec::name);
            for (ColumnSpec column : was.outputColumns()) {
                ColumnSpec next = after.get(column.name());
                if (keyAndTime.contains(column.name())) {
                    continue;
                }
                if (next == null) {
                    incompatible("column removed: " + describe(column) + " (the Delta table holds it)");
                } else if (next.type() != column.type()) {
                    incompatible("column " + column.name() + ": " + column.type() + " -> " + next.type()
                            + " (the Delta table holds it)");
                }
            }
            for (ColumnSpec column : now.outputColumns()) {
                if (!keyAndTime.contains(column.name()) && !before.containsKey(column.name())) {
                    compatible("column added: " + describe(column) + " (the Delta table gains it; rows written"
                            + " before hold null)");
                }
            }
        }

        /** The features the online store serves and clients read. */
        void features() {
            Map<String, ColumnSpec> after = byName(now.features(), ColumnSpec::name);
            Map<String, ColumnSpec> before = byName(was.features(), ColumnSpec::name);
            boolean tiled = was.aggregations().present() || now.aggregations().present();
            for (ColumnSpec feature : was.features()) {
                ColumnSpec next = after.get(feature.name());
                if (next == null && !tiled) {
                    incompatible("feature removed: " + describe(feature) + " (the Redis hashes hold it and clients"
                            + " read it)");
                } else if (next != null && next.type() != feature.type()) {
                    incompatible("feature " + feature.name() + ": " + feature.type() + " -> " + next.type()
                            + " (the Redis hashes hold values of the old type)");
                }
            }
            if (tiled) {
                return;
            }
            List<String> common = was.features().stream().map(ColumnSpec::name).filter(after::containsKey).toList();
            List<String> order = now.features().stream().map(ColumnSpec::name).filter(before::containsKey).toList();
            List<String> first = now.features().stream().map(ColumnSpec::name).limit(common.size()).toList();
            if (!common.equals(order)) {
                incompatible("features reordered: " + String.join(", ", common) + " -> " + String.join(", ", order)
                        + BY_POSITION);
            } else if (!common.equals(first)) {
                incompatible("feature added before existing ones: " + String.join(", ", common) + " -> "
                        + String.join(", ", now.features().stream().map(ColumnSpec::name).toList()) + BY_POSITION);
            } else {
                now.features().stream().skip(common.size()).forEach(f -> compatible("feature added: " + describe(f)
                        + " (keys not written since hold no value for it until their next event)"));
            }
        }

        void aggregations() {
            DefinitionDiff.tileModel(was.aggregations(), now.aggregations()).forEach(this::tiles);
        }

        void backfill() {
            if (!was.backfill().equals(now.backfill())) {
                incompatible("backfill: " + was.backfill().map(Comparison::span).orElse("none") + " -> "
                        + now.backfill().map(Comparison::span).orElse("none") + " (the events before a"
                        + " backfill's end come from its batch sources, which the stores would not match)");
            }
        }

        private static String span(CatalogEntry.Backfill b) {
            return b.start() + " to " + b.end() + " from " + b.sources().stream().map(s -> s.source().name())
                    .collect(Collectors.joining(", "));
        }

        void transform() {
            CatalogEntry.Transform a = was.transform();
            CatalogEntry.Transform b = now.transform();
            if (!a.equals(b)) {
                compatible("transform changed (" + a.kind() + " -> " + b.kind() + "), same stored columns: values"
                        + " stored before were computed by the old transform");
            }
        }

        void settings() {
            setting("declaring class", was.declaringClass(), now.declaringClass(), s -> s);
            setting("owner", was.metadata().owner(), now.metadata().owner(), Comparison::quoted);
            setting("description", was.metadata().description(), now.metadata().description(), Comparison::quoted);
            setting("display name", was.metadata().displayName(), now.metadata().displayName(), Comparison::quoted);
            setting("tags", was.metadata().tags(), now.metadata().tags(), t -> "[" + String.join(", ", t) + "]");
            setting("online trigger", was.onlineTrigger(), now.onlineTrigger(), DefinitionDiff::literal);
            setting("offline schedule", was.offlineSchedule(), now.offlineSchedule(), Comparison::quoted);
            setting("online TTL", was.onlineTtl(), now.onlineTtl(), DefinitionDiff::literal);
            setting("sinks", was.sinks(), now.sinks(), s -> s.isEmpty() ? "none" : s.stream()
                    .map(k -> k.name() + " -> " + k.topic() + " (" + k.attachment() + ", " + k.format() + ")")
                    .collect(Collectors.joining(", ")));
            setting("cluster templates", was.templates(), now.templates(), t -> "online " + t.online()
                    + ", offline " + t.offline() + ", backfill " + t.backfill());
        }

        private static String quoted(String s) {
            return "\"" + s + "\"";
        }
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(name.apply(i), i));
        return map;
    }

    private static String describe(ColumnSpec column) {
        return DefinitionDiff.describe(column);
    }

    @Override
    public String toString() {
        return report();
    }
}
