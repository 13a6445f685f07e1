package dev.freshet.spark;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.backfill.BackfillPlan;
import dev.freshet.core.job.JobKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one job's checkpoint was written for: the parts of a feature set that its checkpoint and the stores it writes
 * depend on. {@link CheckpointRecords} keeps it in the checkpoint as a small JSON document with a format version,
 * and at every start compares it with the definition the job is about to run ({@link DefinitionChanges}).
 *
 * <pre>{@code
 * {
 *   "format" : 1,
 *   "featureSet" : "user-transactions",
 *   "job" : "online",
 *   "topics" : [ "transactions" ],
 *   "key" : [ { "name" : "user_id", "type" : "STRING" } ],
 *   "timestamp" : "timestamp",
 *   "columns" : [ { "name" : "user_id", "type" : "STRING" }, { "name" : "amount", "type" : "DOUBLE" }, ... ],
 *   "sql" : "SELECT user_id, amount, timestamp FROM transaction_stream",
 *   "aggregations" : { "functions" : [ { "function" : "AVG", "column" : "amount", "alias" : "" } ],
 *                      "windows" : [ "PT1H" ], "tileSize" : "PT1S", "allowedLateness" : "PT5M",
 *                      "maxEventTimeSkew" : "PT5M", "tileFormat" : "5d1e2f0a" },
 *   "state" : { "operator" : "tiles", "shufflePartitions" : 4 },
 *   "backfill" : "backfill-3f2a9c0d1e4b5a6c"
 * }
 * }</pre>
 *
 * {@code aggregations} is absent for a row-level feature set, {@code state} for a job without a stateful stage,
 * {@code backfill} for a feature set without a backfill.
 * Checkpoints of stateful jobs written before this format hold one line instead ({@link Legacy}).
 *
 * @param featureSet   the feature set's name
 * @param job          which of its jobs the checkpoint belongs to
 * @param topics       the source topics, whose partitions the checkpoint holds offsets of
 * @param key          the key columns and their types
 * @param timestamp    the event-time column
 * @param columns      the transform's output columns and their types, in select-list order
 * @param sql          the transform
 * @param aggregations the tile model of an aggregated feature set
 * @param state        what the job's stateful stage keeps in the checkpoint, if it has one
 * @param backfill     the id of the feature set's backfill ({@link BackfillPlan#id()}), if it has one: which events
 *                     before the backfill's end the job leaves to it, and which tiles its state started from
 */
public record CheckpointDefinition(String featureSet, JobKind job, List<String> topics, List<ColumnSpec> key,
        String timestamp, List<ColumnSpec> columns, String sql, Optional<Aggregations> aggregations,
        Optional<State> state, Optional<String> backfill) {

    /** The version of the JSON document this class writes (and the newest it reads). */
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Checks the parts and copies the lists. */
    public CheckpointDefinition {
        requireNonNull(featureSet, "featureSet");
        requireNonNull(job, "job");
        topics = List.copyOf(topics);
        key = List.copyOf(key);
        requireNonNull(timestamp, "timestamp");
        columns = List.copyOf(columns);
        requireNonNull(sql, "sql");
        requireNonNull(aggregations, "aggregations");
        requireNonNull(state, "state");
        requireNonNull(backfill, "backfill");
    }

    /** A definition of a feature set without a backfill. */
    public CheckpointDefinition(String featureSet, JobKind job, List<String> topics, List<ColumnSpec> key,
            String timestamp, List<ColumnSpec> columns, String sql, Optional<Aggregations> aggregations,
            Optional<State> state) {
        this(featureSet, job, topics, key, timestamp, columns, sql, aggregations, state, Optional.empty());
    }

    /**
     * The tile model of an aggregated feature set.
     *
     * @param declared   the aggregations, windows, tile size and event-time policy as declared
     * @param tileFormat the fingerprint of the tile format ({@link TiledAggregation#fingerprint()})
     */
    public record Aggregations(WindowedAggregations declared, String tileFormat) {
        /** Checks both parts are present. */
        public Aggregations {
            requireNonNull(declared, "declared");
            requireNonNull(tileFormat, "tileFormat");
        }
    }

    /**
     * What a stateful stage keeps in the checkpoint, besides the offsets.
     *
     * @param operator          which stage, such as {@code tiles}
     * @param shufflePartitions the number of partitions the state is hash-partitioned into
     *                          ({@code spark.sql.shuffle.partitions} when the checkpoint was created)
     */
    public record State(String operator, int shufflePartitions) {
        /** Checks the operator is given. */
        public State {
            requireNonNull(operator, "operator");
        }
    }

    /**
     * The one line stateful jobs recorded before the JSON format, {@code tiles <format>, key [<columns>], shuffle
     * partitions <n>}: it names no types, columns, topics, windows or aggregations, only the tile format.
     *
     * @param tileFormat        the fingerprint of the tile format
     * @param key               the key column names
     * @param shufflePartitions the state's partitions
     */
    public record Legacy(String tileFormat, List<String> key, int shufflePartitions) {

        private static final Pattern LINE = Pattern.compile("tiles (\\S+), key \\[(.*)], shuffle partitions (\\d+)");

        /** Checks the parts and copies the key. */
        public Legacy {
            requireNonNull(tileFormat, "tileFormat");
            key = List.copyOf(key);
        }

        /** The record {@code line} holds, if it is one. */
        static Optional<Legacy> parse(String line) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            List<String> key = m.group(2).isBlank() ? List.of() : List.of(m.group(2).split(", "));
            return Optional.of(new Legacy(m.group(1), key, Integer.parseInt(m.group(3))));
        }
    }

    /** The definition {@code spec}'s {@code job} runs, with the state its stage keeps (empty for none). */
    public static CheckpointDefinition of(FeatureSetSpec spec, JobKind job, Optional<State> state) {
        List<ColumnSpec> key = spec.key().stream().map(k -> spec.column(k).orElseThrow()).toList();
        Optional<Aggregations> aggregations = spec.aggregated()
                ? Optional.of(new Aggregations(spec.aggregations(), TiledAggregation.of(spec).fingerprint()))
                : Optional.empty();
        return new CheckpointDefinition(spec.name(), job, spec.source().topics(), key, spec.timestampColumn(),
                spec.outputColumns(), spec.sql(), aggregations, state, BackfillPlan.id(spec));
    }

    /** The JSON document, as {@link CheckpointRecords} keeps it. */
    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("featureSet", featureSet);
        root.put("job", job.label());
        ArrayNode topicNodes = root.putArray("topics");
        topics.forEach(topicNodes::add);
        columns(root.putArray("key"), key);
        root.put("timestamp", timestamp);
        columns(root.putArray("columns"), columns);
        root.put("sql", sql);
        aggregations.ifPresent(a -> {
            ObjectNode node = root.putObject("aggregations");
            ArrayNode functions = node.putArray("functions");
            for (AggregationSpec g : a.declared().aggregations()) {
                functions.addObject().put("function", g.function().name()).put("column", g.column())
                        .put("alias", g.alias());
            }
            ArrayNode windows = node.putArray("windows");
            a.declared().windows().forEach(w -> windows.add(w.toString()));
            node.put("tileSize", a.declared().tileSize().toString());
            node.put("allowedLateness", a.declared().allowedLateness().toString());
            node.put("maxEventTimeSkew", a.declared().maxEventTimeSkew().toString());
            node.put("tileFormat", a.tileFormat());
        });
        state.ifPresent(s -> root.putObject("state").put("operator", s.operator())
                .put("shufflePartitions", s.shufflePartitions()));
        backfill.ifPresent(b -> root.put("backfill", b));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the definition of feature set \"" + featureSet + "\"", e);
        }
    }

    /**
     * The definition a JSON document holds.
     *
     * @throws IllegalArgumentException if it is not such a document, or one of a newer format than {@link #FORMAT}
     */
    static CheckpointDefinition parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int format = required(root, "format").asInt();
        if (format > FORMAT) {
            throw new IllegalArgumentException("format " + format + " is newer than this version of Freshet reads ("
                    + FORMAT + "): it was written by a newer Freshet");
        }
        if (format < 1) {
            throw new IllegalArgumentException("unknown format " + format);
        }
        Optional<Aggregations> aggregations = Optional.empty();
        if (root.hasNonNull("aggregations")) {
            JsonNode a = root.get("aggregations");
            List<AggregationSpec> functions = list(required(a, "functions"), f -> new AggregationSpec(
                    AggregateFunction.valueOf(text(f, "function")), text(f, "column"), text(f, "alias")));
            List<Duration> windows = list(required(a, "windows"), w -> Duration.parse(w.asText()));
            aggregations = Optional.of(new Aggregations(new WindowedAggregations(functions, windows,
                    Duration.parse(text(a, "tileSize")), Duration.parse(text(a, "allowedLateness")),
                    Duration.parse(text(a, "maxEventTimeSkew"))), text(a, "tileFormat")));
        }
        Optional<State> state = Optional.empty();
        if (root.hasNonNull("state")) {
            JsonNode s = root.get("state");
            state = Optional.of(new State(text(s, "operator"), required(s, "shufflePartitions").asInt()));
        }
        return new CheckpointDefinition(text(root, "featureSet"),
                JobKind.valueOf(text(root, "job").toUpperCase(Locale.ROOT)),
                list(required(root, "topics"), JsonNode::asText), list(required(root, "key"), CheckpointDefinition::column),
                text(root, "timestamp"), list(required(root, "columns"), CheckpointDefinition::column),
                text(root, "sql"), aggregations, state,
                root.hasNonNull("backfill") ? Optional.of(text(root, "backfill")) : Optional.empty());
    }

    private static void columns(ArrayNode array, List<ColumnSpec> columns) {
        columns.forEach(c -> array.addObject().put("name", c.name()).put("type", c.type().name()));
    }

    private static ColumnSpec column(JsonNode node) {
        return new ColumnSpec(text(node, "name"), ValueType.valueOf(text(node, "type")));
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected an array, got " + array);
        }
        List<T> out = new ArrayList<>();
        array.forEach(n -> out.add(element.apply(n)));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("member \"" + field + "\" is not a string: " + value);
        }
        return value.asText();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("no member \"" + field + "\"");
        }
        return value;
    }
}
