package dev.freshet.core.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.api.spec.WindowedAggregations;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a {@link CatalogDocument} as the JSON of {@value CatalogDocument#RESOURCE}, as {@code docs/catalog.md}
 * describes it. The output is deterministic: feature sets in the document's order (by name), members always in the
 * same order and always present ({@code null} for an absent part), pretty-printed with two-space indents and
 * {@code \n} line ends. Credentials appear only as the names of their secrets, as the specs hold them.
 *
 * <p>Durations are ISO-8601 ({@code PT1H}), instants ISO-8601 in UTC ({@code 2026-01-01T00:00:00Z}), enums by their
 * constant names.
 */
final class CatalogWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private CatalogWriter() {}

    /** The JSON of {@code document}, ending with a line end. */
    static String render(CatalogDocument document) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            json.setPrettyPrinter(pretty);
            json.writeStartObject();
            json.writeNumberField("catalogVersion", document.catalogVersion());
            json.writeArrayFieldStart("featureSets");
            for (CatalogEntry entry : document.featureSets()) {
                featureSet(json, entry);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return text + "\n";
    }

    private static void featureSet(JsonGenerator json, CatalogEntry e) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", e.name());
        json.writeStringField("declaringClass", e.declaringClass());
        metadata(json, e.metadata());
        columns(json, "key", e.key());
        json.writeStringField("timestampColumn", e.timestampColumn());
        json.writeFieldName("source");
        source(json, e.source());
        transform(json, e.transform());
        columns(json, "outputColumns", e.outputColumns());
        columns(json, "features", e.features());
        aggregations(json, e.aggregations());
        tilePlan(json, e.tilePlan());
        json.writeStringField("onlineTrigger", duration(e.onlineTrigger()));
        json.writeStringField("offlineSchedule", e.offlineSchedule());
        json.writeStringField("onlineTtl", duration(e.onlineTtl()));
        json.writeArrayFieldStart("sinks");
        for (KafkaSinkSpec sink : e.sinks()) {
            sink(json, sink);
        }
        json.writeEndArray();
        json.writeFieldName("backfill");
        if (e.backfill().isPresent()) {
            backfill(json, e.backfill().get());
        } else {
            json.writeNull();
        }
        json.writeObjectFieldStart("templates");
        json.writeStringField("online", e.templates().online().name());
        json.writeStringField("offline", e.templates().offline().name());
        json.writeStringField("backfill", e.templates().backfill().name());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void metadata(JsonGenerator json, MetadataSpec m) throws IOException {
        json.writeObjectFieldStart("metadata");
        json.writeStringField("owner", m.owner());
        json.writeStringField("description", m.description());
        json.writeStringField("displayName", m.displayName());
        strings(json, "tags", m.tags());
        json.writeEndObject();
    }

    private static void source(JsonGenerator json, KafkaSourceSpec s) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", s.name());
        json.writeStringField("declaringClass", s.declaringClass());
        strings(json, "topics", s.topics());
        json.writeStringField("format", s.format().name());
        json.writeStringField("startingOffsets", s.startingOffsets().name());
        strings(json, "timestampEncodings", s.timestampEncodings().stream().sorted().map(Enum::name).toList());
        json.writeArrayFieldStart("fields");
        for (SourceFieldSpec f : s.fields()) {
            json.writeStartObject();
            json.writeStringField("column", f.column());
            json.writeStringField("jsonName", f.jsonName());
            json.writeStringField("type", f.type().name());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("bootstrapServers", s.bootstrapServers());
        json.writeStringField("connection", s.connection());
        security(json, s.security());
        json.writeEndObject();
    }

    private static void security(JsonGenerator json, KafkaSecuritySpec s) throws IOException {
        json.writeObjectFieldStart("security");
        json.writeStringField("protocol", s.protocol().name());
        json.writeStringField("saslMechanism", s.saslMechanism().name());
        json.writeStringField("usernameSecret", s.usernameSecret());
        json.writeStringField("passwordSecret", s.passwordSecret());
        json.writeStringField("truststoreSecret", s.truststoreSecret());
        json.writeStringField("truststorePasswordSecret", s.truststorePasswordSecret());
        json.writeStringField("keystoreSecret", s.keystoreSecret());
        json.writeStringField("keystorePasswordSecret", s.keystorePasswordSecret());
        json.writeEndObject();
    }

    private static void transform(JsonGenerator json, CatalogEntry.Transform t) throws IOException {
        json.writeObjectFieldStart("transform");
        json.writeStringField("kind", t.kind().name());
        json.writeStringField("sql", t.sql());
        strings(json, "functions", t.functions());
        json.writeStringField("method", t.method());
        json.writeStringField("input", t.input());
        json.writeStringField("output", t.output());
        json.writeEndObject();
    }

    private static void aggregations(JsonGenerator json, WindowedAggregations a) throws IOException {
        json.writeObjectFieldStart("aggregations");
        json.writeArrayFieldStart("aggregations");
        for (AggregationSpec g : a.aggregations()) {
            json.writeStartObject();
            json.writeStringField("function", g.function().name());
            json.writeStringField("column", g.column());
            json.writeStringField("alias", g.alias());
            json.writeStringField("prefix", g.prefix());
            json.writeEndObject();
        }
        json.writeEndArray();
        strings(json, "windows", a.windows().stream().map(CatalogWriter::duration).toList());
        json.writeStringField("tileSize", duration(a.tileSize()));
        json.writeStringField("allowedLateness", duration(a.allowedLateness()));
        json.writeStringField("maxEventTimeSkew", duration(a.maxEventTimeSkew()));
        json.writeEndObject();
    }

    private static void tilePlan(JsonGenerator json, Optional<CatalogEntry.Tiles> tiles) throws IOException {
        json.writeFieldName("tilePlan");
        if (tiles.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        strings(json, "tileSizes", tiles.get().tileSizes().stream().map(CatalogWriter::duration).toList());
        json.writeStringField("retention", duration(tiles.get().retention()));
        json.writeEndObject();
    }

    private static void sink(JsonGenerator json, KafkaSinkSpec s) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", s.name());
        json.writeStringField("topic", s.topic());
        json.writeStringField("attachment", s.attachment().name());
        json.writeStringField("format", s.format().name());
        json.writeStringField("bootstrapServers", s.bootstrapServers());
        json.writeStringField("connection", s.connection());
        security(json, s.security());
        json.writeEndObject();
    }

    private static void backfill(JsonGenerator json, CatalogEntry.Backfill b) throws IOException {
        json.writeStartObject();
        json.writeStringField("start", instant(b.start()));
        json.writeStringField("end", instant(b.end()));
        json.writeStringField("sql", b.sql());
        json.writeFieldName("transformMethod");
        if (b.transformMethod().isPresent()) {
            json.writeString(b.transformMethod().get());
        } else {
            json.writeNull();
        }
        json.writeArrayFieldStart("sources");
        for (BackfillSpec.Source s : b.sources()) {
            json.writeStartObject();
            json.writeStringField("start", instant(s.start()));
            json.writeStringField("end", instant(s.end()));
            batchSource(json, s.source());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void batchSource(JsonGenerator json, BatchSourceSpec s) throws IOException {
        json.writeObjectFieldStart("source");
        json.writeStringField("name", s.name());
        json.writeStringField("declaringClass", s.declaringClass());
        json.writeStringField("format", s.format().name());
        json.writeStringField("location", s.location());
        json.writeBooleanField("table", s.table());
        json.writeStringField("timestampColumn", s.timestampColumn());
        columns(json, "fields", s.fields());
        json.writeObjectFieldStart("options");
        for (Map.Entry<String, String> option : new TreeMap<>(s.options()).entrySet()) {
            json.writeStringField(option.getKey(), option.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void columns(JsonGenerator json, String field, List<ColumnSpec> columns) throws IOException {
        json.writeArrayFieldStart(field);
        for (ColumnSpec c : columns) {
            column(json, c);
        }
        json.writeEndArray();
    }

    private static void column(JsonGenerator json, ColumnSpec c) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", c.name());
        json.writeStringField("type", c.type().name());
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    private static String duration(Duration d) {
        return d.toString();
    }

    private static String instant(Instant i) {
        return i.toString();
    }
}
