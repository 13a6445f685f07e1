package dev.freshet.core.catalog;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.AttachmentPoint;
import dev.freshet.api.BatchFormat;
import dev.freshet.api.ClusterTemplate;
import dev.freshet.api.SaslMechanism;
import dev.freshet.api.SecurityProtocol;
import dev.freshet.api.SinkFormat;
import dev.freshet.api.SourceFormat;
import dev.freshet.api.StartingOffsets;
import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns the JSON tree of a catalog into its records, member by member, naming the path of any member that is missing
 * or of the wrong kind. Members it does not know are skipped: later Freshet versions add members within version 1.
 */
final class CatalogReader {

    /** The JSON {@code null}, which a map cannot tell from a missing member otherwise. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private CatalogReader() {}

    /**
     * A value of the tree and where it is.
     *
     * @param value    the value: a map, list, string, long, double, boolean or {@link #NULL}
     * @param path     its JSON path from the root, such as {@code featureSets[0].source.topics}
     * @param resource the catalog it is in, for messages
     */
    record Node(Object value, String path, String resource) {

        FreshetException wrong(String why) {
            return FreshetErrors.catalogUnreadable(resource, path.isEmpty() ? "the top level" : path, why);
        }

        Node member(String name) {
            if (!(value instanceof Map<?, ?> members)) {
                throw wrong("expected an object, found " + kind(value));
            }
            String at = path.isEmpty() ? name : path + "." + name;
            if (!members.containsKey(name)) {
                throw new Node(null, at, resource).wrong("the member is missing");
            }
            return new Node(members.get(name), at, resource);
        }

        boolean has(String name) {
            return value instanceof Map<?, ?> members && members.containsKey(name);
        }

        boolean isNull() {
            return value == NULL;
        }

        String string() {
            if (value instanceof String s) {
                return s;
            }
            throw wrong("expected a string, found " + kind(value));
        }

        long integer() {
            if (value instanceof Long l) {
                return l;
            }
            throw wrong("expected a whole number, found " + kind(value));
        }

        boolean bool() {
            if (value instanceof Boolean b) {
                return b;
            }
            throw wrong("expected true or false, found " + kind(value));
        }

        List<Node> items() {
            if (!(value instanceof List<?> list)) {
                throw wrong("expected an array, found " + kind(value));
            }
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(new Node(list.get(i), path + "[" + i + "]", resource));
            }
            return items;
        }

        Map<String, Node> members() {
            if (!(value instanceof Map<?, ?> map)) {
                throw wrong("expected an object, found " + kind(value));
            }
            Map<String, Node> members = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                members.put((String) e.getKey(), new Node(e.getValue(), path + "." + e.getKey(), resource));
            }
            return members;
        }

        String string(String name) {
            return member(name).string();
        }

        List<String> strings(String name) {
            return member(name).items().stream().map(Node::string).toList();
        }

        <T> List<T> list(String name, Function<Node, T> item) {
            return member(name).items().stream().map(item).toList();
        }

        <T> Optional<T> nullable(String name, Function<Node, T> read) {
            Node n = member(name);
            return n.isNull() ? Optional.empty() : Optional.of(read.apply(n));
        }

        <E extends Enum<E>> E constant(String name, Class<E> type) {
            Node n = member(name);
            String text = n.string();
            try {
                return Enum.valueOf(type, text);
            } catch (IllegalArgumentException e) {
                throw n.wrong("\"" + text + "\" is not one of " + Arrays.toString(type.getEnumConstants()));
            }
        }

        Duration duration(String name) {
            return member(name).asDuration();
        }

        Duration asDuration() {
            String text = string();
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw wrong("\"" + text + "\" is not an ISO-8601 duration, such as PT1H");
            }
        }

        Instant instant(String name) {
            Node n = member(name);
            String text = n.string();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw n.wrong("\"" + text + "\" is not an ISO-8601 instant, such as 2026-01-01T00:00:00Z");
            }
        }

        /** Builds a record from this node, reporting an inconsistency the record refuses as about this node. */
        <T> T build(Supplier<T> make) {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                throw wrong(String.valueOf(e.getMessage()));
            }
        }
    }

    static CatalogDocument document(Node root) {
        Node version = root.member("catalogVersion");
        long v = version.integer();
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw version.wrong(v + " is not a catalog version: versions start at 1");
        }
        if (v > CatalogDocument.VERSION) {
            throw FreshetErrors.catalogVersionUnsupported(root.resource(), (int) v, CatalogDocument.VERSION);
        }
        return new CatalogDocument((int) v, root.list("featureSets", CatalogReader::entry));
    }

    private static CatalogEntry entry(Node n) {
        return n.build(() -> new CatalogEntry(n.string("name"), n.string("declaringClass"),
                metadata(n.member("metadata")), n.list("key", CatalogReader::column), n.string("timestampColumn"),
                source(n.member("source")), transform(n.member("transform")),
                n.list("outputColumns", CatalogReader::column), n.list("features", CatalogReader::column),
                aggregations(n.member("aggregations")), n.nullable("tilePlan", CatalogReader::tiles),
                n.duration("onlineTrigger"), n.string("offlineSchedule"), n.duration("onlineTtl"),
                n.list("sinks", CatalogReader::sink), n.nullable("backfill", CatalogReader::backfill),
                n.has("templates") ? templates(n.member("templates")) : ClusterTemplatesSpec.DEFAULT));
    }

    /** The cluster templates; a catalog written before they were added to version 1 has none: all MEDIUM. */
    private static ClusterTemplatesSpec templates(Node n) {
        return n.build(() -> new ClusterTemplatesSpec(n.constant("online", ClusterTemplate.class),
                n.constant("offline", ClusterTemplate.class), n.constant("backfill", ClusterTemplate.class)));
    }

    private static MetadataSpec metadata(Node n) {
        return n.build(() -> new MetadataSpec(n.string("owner"), n.string("description"), n.string("displayName"),
                n.strings("tags")));
    }

    private static ColumnSpec column(Node n) {
        return new ColumnSpec(n.string("name"), n.constant("type", ValueType.class));
    }

    private static KafkaSourceSpec source(Node n) {
        Set<TimestampEncoding> encodings = new LinkedHashSet<>();
        for (Node e : n.member("timestampEncodings").items()) {
            encodings.add(e.build(() -> TimestampEncoding.valueOf(e.string())));
        }
        List<SourceFieldSpec> fields = n.list("fields", f -> new SourceFieldSpec(f.string("column"),
                f.string("jsonName"), f.constant("type", ValueType.class)));
        return n.build(() -> new KafkaSourceSpec(n.string("name"), n.strings("topics"),
                n.constant("format", SourceFormat.class), n.constant("startingOffsets", StartingOffsets.class),
                encodings, fields, n.string("declaringClass"), n.string("bootstrapServers"), n.string("connection"),
                security(n.member("security"))));
    }

    private static KafkaSecuritySpec security(Node n) {
        return n.build(() -> new KafkaSecuritySpec(n.constant("protocol", SecurityProtocol.class),
                n.constant("saslMechanism", SaslMechanism.class), n.string("usernameSecret"),
                n.string("passwordSecret"), n.string("truststoreSecret"), n.string("truststorePasswordSecret"),
                n.string("keystoreSecret"), n.string("keystorePasswordSecret")));
    }

    private static CatalogEntry.Transform transform(Node n) {
        return n.build(() -> new CatalogEntry.Transform(n.constant("kind", TransformKind.class), n.string("sql"),
                n.strings("functions"), n.string("method"), n.string("input"), n.string("output")));
    }

    private static WindowedAggregations aggregations(Node n) {
        List<AggregationSpec> aggregations = n.list("aggregations", a -> new AggregationSpec(
                a.constant("function", AggregateFunction.class), a.string("column"), a.string("alias")));
        return n.build(() -> new WindowedAggregations(aggregations,
                n.member("windows").items().stream().map(Node::asDuration).toList(), n.duration("tileSize"),
                n.duration("allowedLateness"), n.duration("maxEventTimeSkew")));
    }

    private static CatalogEntry.Tiles tiles(Node n) {
        return n.build(() -> new CatalogEntry.Tiles(
                n.member("tileSizes").items().stream().map(Node::asDuration).toList(), n.duration("retention")));
    }

    private static KafkaSinkSpec sink(Node n) {
        return n.build(() -> new KafkaSinkSpec(n.string("name"), n.string("topic"), n.string("bootstrapServers"),
                n.string("connection"), n.constant("format", SinkFormat.class),
                n.constant("attachment", AttachmentPoint.class), security(n.member("security"))));
    }

    private static CatalogEntry.Backfill backfill(Node n) {
        return n.build(() -> new CatalogEntry.Backfill(n.instant("start"), n.instant("end"), n.string("sql"),
                n.nullable("transformMethod", Node::string), n.list("sources", s -> s.build(() ->
                        new BackfillSpec.Source(batchSource(s.member("source")), s.instant("start"),
                                s.instant("end"))))));
    }

    private static BatchSourceSpec batchSource(Node n) {
        Map<String, String> options = new LinkedHashMap<>();
        n.member("options").members().forEach((k, v) -> options.put(k, v.string()));
        return n.build(() -> new BatchSourceSpec(n.string("name"), n.constant("format", BatchFormat.class),
                n.string("location"), n.member("table").bool(), n.string("timestampColumn"),
                n.list("fields", CatalogReader::column), options, n.string("declaringClass")));
    }

    private static String kind(Object value) {
        if (value == null || value == NULL) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        return value.toString();
    }
}
