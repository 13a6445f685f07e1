package dev.freshet.processor.validation;

import dev.freshet.processor.sql.SqlAnalysis;
import java.util.Locale;
import java.util.Optional;

/**
 * Every diagnostic Freshet's processor reports, in one place. Each says what is wrong and how to fix it, and starts
 * with a code in brackets, such as {@code [FreshetTrigger]}, that names the attribute concerned.
 */
public enum Message {
    NAME_INVALID("FreshetName",
            "feature-set name \"%s\" %s: use letters, digits and hyphens, at most 40 characters, such as \"%s\""),
    NAME_DEFAULT_INVALID("FreshetName",
            "the default feature-set name \"%s\", derived from class %s, %s: give the feature set a name, such as"
                    + " @StreamingFeatureSet(name = \"%s\", ...)"),
    NAME_DUPLICATE("FreshetName",
            "feature-set name \"%s\" is already used by %s: feature-set names must be unique; rename one of them"),
    TAG_INVALID("FreshetTag",
            "tag \"%s\" %s: write a lower-case word of letters, digits and hyphens, starting with a letter, at most"
                    + " 40 characters, such as \"%s\""),
    TAG_DUPLICATE("FreshetTag", "tag \"%s\" is listed twice: list each tag once"),
    FEATURE_SET_NOT_A_CLASS("FreshetFeatureSet",
            "@StreamingFeatureSet belongs on a class, not on the %s %s: put it on an empty class, such as"
                    + " public class UserTransactionFeatures {}"),
    SOURCE_UNKNOWN("FreshetSource",
            "no @KafkaSource is named \"%s\".%s Sources in this compilation: %s. Declare the source on a record in"
                    + " the same module as the feature set"),
    SOURCE_DUPLICATE("FreshetSource",
            "source name \"%s\" is already declared by %s: source names must be unique; rename one of them"),
    SOURCE_NAME_OF_BATCH_SOURCE("FreshetSource",
            "source name \"%s\" is already the name of the @BatchSource %s: Kafka and batch sources share one"
                    + " namespace, so that a name always means the same data; rename one of them"),
    SOURCE_NAME_INVALID("FreshetSource",
            "source name \"%s\" is not a SQL identifier, and the SQL reads the source under its name: use letters,"
                    + " digits and underscores, starting with a letter, such as \"transaction_stream\""),
    SOURCE_NOT_A_RECORD("FreshetSource",
            "@KafkaSource belongs on a record whose components are the schema, not on the %s %s: make it a record,"
                    + " such as record Transaction(String user_id, double amount, Instant timestamp) {}"),
    SOURCE_TOPICS_EMPTY("FreshetSource", "source \"%s\" names no topic: give at least one, such as topics = \"%s\""),
    SOURCE_TOPIC_INVALID("FreshetSource",
            "topic \"%s\" is not a legal Kafka topic name: use 1 to 249 letters, digits, '.', '_' or '-'"),
    SOURCE_FIELD_TYPE("FreshetSourceField",
            "component %s of source \"%s\" has type %s, which Freshet cannot read from JSON: use String, boolean,"
                    + " int, long, float, double (or their boxes), java.time.Instant or java.time.LocalDate"),
    SOURCE_FIELD_JSON_DUPLICATE("FreshetSourceField",
            "components %s and %s of source \"%s\" both read the JSON member \"%s\": each member may feed one"
                    + " component; change one @SourceField(json = ...)"),
    SOURCE_ENCODINGS_EMPTY("FreshetSource",
            "source \"%s\" accepts no timestamp encoding: list ISO_8601, EPOCH_MILLIS or both in timestampEncodings"),
    KEY_EMPTY("FreshetKey", "feature set \"%s\" has no key: name its key column(s), such as key = \"user_id\""),
    KEY_DUPLICATE("FreshetKey", "key column \"%s\" is listed twice: list each key column once"),
    KEY_NOT_IN_OUTPUT("FreshetKey",
            "key column \"%s\" is not in the output of the SQL.%s Select it, or use one of its output columns: %s"),
    KEY_TYPE("FreshetKey",
            "key column \"%s\" is %s, but keys must be string, int or bigint: convert it in the SQL, such as"
                    + " CAST(%s AS STRING) AS %s"),
    TIMESTAMP_NOT_IN_OUTPUT("FreshetTimestamp",
            "timestamp column \"%s\" is not in the output of the SQL.%s Select it, or use one of its output columns:"
                    + " %s"),
    TIMESTAMP_FROM_EPOCH("FreshetTimestamp",
            "timestamp column \"%1$s\" is %2$s, not a timestamp: if it holds epoch milliseconds, convert it in the SQL,"
                    + " such as timestamp_millis(%1$s) AS %1$s (timestamp_seconds(%1$s) for epoch seconds), or, if it"
                    + " is a source component, declare that component as java.time.Instant with timestampEncodings ="
                    + " TimestampEncoding.EPOCH_MILLIS on the @KafkaSource"),
    TIMESTAMP_FROM_FRACTION("FreshetTimestamp",
            "timestamp column \"%1$s\" is %2$s, not a timestamp: if it holds epoch seconds, convert it in the SQL,"
                    + " such as timestamp_seconds(%1$s) AS %1$s"),
    TIMESTAMP_FROM_STRING("FreshetTimestamp",
            "timestamp column \"%1$s\" is %2$s, not a timestamp: convert it in the SQL, such as"
                    + " try_to_timestamp(%1$s) AS %1$s (null, so dead-lettered, where it is no timestamp), or, if it is"
                    + " a source component holding ISO-8601 with an offset, declare that component as"
                    + " java.time.Instant"),
    TIMESTAMP_FROM_DATE("FreshetTimestamp",
            "timestamp column \"%1$s\" is %2$s, not a timestamp: convert it in the SQL, such as"
                    + " CAST(%1$s AS TIMESTAMP) AS %1$s (read in UTC)"),
    TIMESTAMP_TYPE("FreshetTimestamp",
            "timestamp column \"%1$s\" is %2$s, not a timestamp: select a timestamp as the event time, such as a"
                    + " source component declared as java.time.Instant"),
    TRIGGER_INVALID("FreshetTrigger",
            "onlineTrigger \"%s\" %s: write how often the online job runs, as a positive whole number and a unit (ms,"
                    + " s, m, h or d, or spelled out), such as \"5s\", \"500ms\" or \"1 minute\""),
    SCHEDULE_INVALID("FreshetSchedule",
            "offlineSchedule \"%s\" %s: write when the offline job runs as a Unix cron expression of five fields,"
                    + " minute hour day-of-month month day-of-week, such as \"*/30 * * * *\" (every 30 minutes, the"
                    + " default) or \"0 2 * * *\" (at 02:00)"),
    TTL_INVALID("FreshetTtl",
            "onlineTtl \"%s\" %s: write how long a key stays in the online store after its last write, as a"
                    + " positive whole number of seconds, minutes, hours or days (s, m, h or d, or spelled out; Redis"
                    + " expires keys in whole seconds), such as \"7d\" or \"12 hours\", or leave it empty for the"
                    + " default (a row-level set keeps keys until they are overwritten, an aggregated one until no"
                    + " window needs them)"),
    SQL_SYNTAX("FreshetSql", "the SQL does not parse: %s"),
    SQL_UNKNOWN_TABLE("FreshetSql",
            "the SQL reads \"%s\", which is not this feature set's source.%s Read FROM %s (or from a common table"
                    + " expression over it)"),
    SQL_ANALYSIS("FreshetSql", "Spark cannot analyse the SQL: %s"),
    SQL_UNKNOWN_FUNCTION("FreshetSql",
            "the SQL calls %s(...), which is neither a Spark built-in function nor an @SqlFunction of this"
                    + " compilation.%s @SqlFunctions of this compilation: %s. Correct the name, or declare the function"
                    + " as @SqlFunction(\"%s\") on a public static method in the same module"),
    SQL_FUNCTION_ARGUMENTS("FreshetSql",
            "the SQL calls %s with %d argument(s), but %s takes %d: call it as %s"),
    FUNCTION_NAME_INVALID("FreshetFunction",
            "SQL function name \"%s\" is not a function name: use lower-case letters, digits and underscores,"
                    + " starting with a letter, such as \"%s\""),
    FUNCTION_NAME_BUILTIN("FreshetFunction",
            "SQL function name \"%s\" is the name of a Spark built-in function, which the SQL would call instead:"
                    + " choose another name, such as \"%s\""),
    FUNCTION_NAME_DUPLICATE("FreshetFunction",
            "SQL function name \"%s\" is already used by %s: SQL function names must be unique in a module; rename"
                    + " one of them"),
    DATASET_AND_SQL("FreshetDatasetTransform",
            "the feature set has both sql and the @DatasetTransform method %s: the Dataset transform replaces the SQL;"
                    + " remove sql = \"...\", or remove the @DatasetTransform"),
    DATASET_NO_TRANSFORM("FreshetDatasetTransform",
            "feature set \"%s\" has no transform: write sql = \"SELECT ... FROM %s\", or mark a public static"
                    + " method Dataset<Row> m(Dataset<Row> source) of %s with @DatasetTransform(output = ...), or a"
                    + " public static method taking the source's record %s with @RecordTransform"),
    DATASET_TWO("FreshetDatasetTransform",
            "%s is a second @DatasetTransform of the feature set, whose first is %s: a feature set has one; do both"
                    + " steps in one method"),
    DATASET_OUTSIDE_FEATURE_SET("FreshetDatasetTransform",
            "@DatasetTransform method %s is not in a @StreamingFeatureSet class, so no feature set uses it: declare it"
                    + " in the feature set's class, or annotate %s with @StreamingFeatureSet"),
    DATASET_NOT_STATIC("FreshetDatasetTransform",
            "@DatasetTransform method %s is not static: the job calls it without an instance; make it public static"),
    DATASET_NOT_PUBLIC("FreshetDatasetTransform",
            "@DatasetTransform method %s is not accessible to generated code: make it public, in a public or"
                    + " package-private top-level or static nested class"),
    DATASET_GENERIC("FreshetDatasetTransform",
            "@DatasetTransform method %s has type parameters: declare it as Dataset<Row> m(Dataset<Row> source)"),
    DATASET_CHECKED_EXCEPTION("FreshetDatasetTransform",
            "@DatasetTransform method %s declares the checked exception %s: the job cannot recover from it; catch it"
                    + " in the method, or throw an unchecked exception (the job then fails to start and says why)"),
    DATASET_PARAMETERS("FreshetDatasetTransform",
            "@DatasetTransform method %s takes (%s): it must take exactly one org.apache.spark.sql.Dataset<Row>,"
                    + " the decoded source records"),
    DATASET_RETURN("FreshetDatasetTransform",
            "@DatasetTransform method %s returns %s: return the transformed org.apache.spark.sql.Dataset<Row>"),
    DATASET_OUTPUT_NOT_RECORD("FreshetDatasetTransform",
            "the output of @DatasetTransform method %s is %s, not a record: declare a record whose components are"
                    + " the feature set's output columns, such as record Output(String user_id, double amount,"
                    + " Instant timestamp)"),
    DATASET_OUTPUT_TYPE("FreshetDatasetTransform",
            "component %s of output record %s is %s, which the online store cannot hold: declare it as String,"
                    + " boolean, int, long, float, double (or their boxes), java.time.Instant or java.time.LocalDate"),
    DATASET_OUTPUT_RESERVED("FreshetDatasetTransform",
            "component %s of output record %s starts with \"__\", which Freshet reserves for its own columns: rename"
                    + " it"),
    DATASET_KEY_MISSING("FreshetDatasetTransform",
            "key column \"%s\" is not a component of the output record %s.%s Add it to the record, or use one of"
                    + " its components: %s"),
    DATASET_KEY_TYPE("FreshetDatasetTransform",
            "key column \"%s\" is %s in the output record %s, but keys must be String, int or long: declare it as"
                    + " one of those and convert it in the method"),
    DATASET_TIMESTAMP_MISSING("FreshetDatasetTransform",
            "timestamp column \"%s\" is not a component of the output record %s.%s Add it to the record as"
                    + " java.time.Instant, or use one of its components: %s"),
    DATASET_TIMESTAMP_TYPE("FreshetDatasetTransform",
            "timestamp column \"%s\" is %s in the output record %s, not a timestamp: declare it as java.time.Instant"
                    + " and convert it in the method, such as with functions.timestamp_millis(col(\"%s\"))"),
    RECORD_TWO("FreshetRecordTransform",
            "%s is a second @RecordTransform of the feature set, whose first is %s: a feature set has one; do both"
                    + " steps in one method"),
    RECORD_AND_DATASET("FreshetRecordTransform",
            "the feature set has both the @RecordTransform method %s and the @DatasetTransform method %s: a feature"
                    + " set has one Java transform; do the per-record step in the Dataset transform, or remove the"
                    + " @DatasetTransform (sql = \"...\" may run before the record transform)"),
    RECORD_OUTSIDE_FEATURE_SET("FreshetRecordTransform",
            "@RecordTransform method %s is not in a @StreamingFeatureSet class, so no feature set uses it: declare it"
                    + " in the feature set's class, or annotate %s with @StreamingFeatureSet"),
    RECORD_NOT_STATIC("FreshetRecordTransform",
            "@RecordTransform method %s is not static: the job calls it without an instance; make it public static"),
    RECORD_NOT_PUBLIC("FreshetRecordTransform",
            "@RecordTransform method %s is not accessible to generated code: make it public, in a public or"
                    + " package-private top-level or static nested class"),
    RECORD_GENERIC("FreshetRecordTransform",
            "@RecordTransform method %s has type parameters: declare concrete input and output records, such as"
                    + " Optional<Scored> score(Transaction t)"),
    RECORD_CHECKED_EXCEPTION("FreshetRecordTransform",
            "@RecordTransform method %s declares the checked exception %s: the job cannot handle it; catch it in the"
                    + " method, or throw an unchecked exception (the record is then dead-lettered as TRANSFORM_ERROR)"),
    RECORD_PARAMETERS("FreshetRecordTransform",
            "@RecordTransform method %s takes (%s): it must take exactly one record, the source's record (without"
                    + " sql) or a record whose components are the SQL's output columns"),
    RECORD_PARAMETER_NOT_RECORD("FreshetRecordTransform",
            "parameter %s of @RecordTransform method %s is %s, not a record: take the source's record (without sql)"
                    + " or a record whose components are the SQL's output columns"),
    RECORD_INPUT_NOT_SOURCE("FreshetRecordTransform",
            "@RecordTransform method %s takes %s, but the feature set has no sql, so the method gets the records of"
                    + " source \"%s\": take %s, or add sql = \"SELECT ...\" whose output columns are the components"
                    + " of %s"),
    RECORD_INPUT_MISSING("FreshetRecordTransform",
            "the SQL's output column \"%s\" (%s) is not a component of the input record %s.%s Add a component %s"
                    + " of type %s, or stop selecting the column"),
    RECORD_INPUT_EXTRA("FreshetRecordTransform",
            "component %s of the input record %s is not an output column of the SQL.%s Select it in the SQL, or"
                    + " remove it from the record. The SQL's output columns: %s"),
    RECORD_INPUT_TYPE("FreshetRecordTransform",
            "component %1$s of the input record %2$s is %3$s, but the SQL's output column \"%1$s\" is %4$s: declare"
                    + " the component as %5$s, or CAST the column in the SQL"),
    RECORD_RETURN("FreshetRecordTransform",
            "@RecordTransform method %s returns %s: return the output record R (one per input record), Optional<R>"
                    + " (none or one) or List<R> (any number), where R is a record whose components are the feature"
                    + " set's output columns"),
    RECORD_NOT_ACCESSIBLE("FreshetRecordTransform",
            "the %s record %s of @RecordTransform method %s is not accessible to the code Freshet generates in"
                    + " package %s: make it public (or package-private in that package), and nest it in no private"
                    + " class"),
    RECORD_OUTPUT_TYPE("FreshetRecordTransform",
            "component %s of output record %s is %s, which the online store cannot hold: declare it as String,"
                    + " boolean, int, long, float, double (or their boxes), java.time.Instant or java.time.LocalDate"),
    RECORD_OUTPUT_RESERVED("FreshetRecordTransform",
            "component %s of output record %s starts with \"__\", which Freshet reserves for its own columns: rename"
                    + " it"),
    RECORD_KEY_MISSING("FreshetRecordTransform",
            "key column \"%s\" is not a component of the output record %s.%s Add it to the record, or use one of"
                    + " its components: %s"),
    RECORD_KEY_TYPE("FreshetRecordTransform",
            "key column \"%s\" is %s in the output record %s, but keys must be String, int or long: declare it as"
                    + " one of those and convert it in the method"),
    RECORD_TIMESTAMP_MISSING("FreshetRecordTransform",
            "timestamp column \"%s\" is not a component of the output record %s.%s Add it to the record as"
                    + " java.time.Instant, or use one of its components: %s"),
    RECORD_TIMESTAMP_TYPE("FreshetRecordTransform",
            "timestamp column \"%s\" is %s in the output record %s, not a timestamp: declare it as java.time.Instant"
                    + " and convert it in the method, such as with Instant.ofEpochMilli(%s)"),
    RECORD_INVOKER_NOT_WRITTEN("FreshetRecordTransform",
            "the record-transform invoker %s of feature set \"%s\" cannot be written: %s. Check that no class of"
                    + " that name exists and that the output directory is writable"),
    FUNCTION_NOT_STATIC("FreshetFunction",
            "@SqlFunction method %s is not static: the SQL calls it without an instance; make it public static"),
    FUNCTION_NOT_PUBLIC("FreshetFunction",
            "@SqlFunction method %s is not accessible to generated code: make it public, in a public or"
                    + " package-private top-level or static nested class"),
    FUNCTION_GENERIC("FreshetFunction",
            "@SqlFunction method %s has type parameters, whose SQL types cannot be known: declare concrete"
                    + " parameter and return types"),
    FUNCTION_CHECKED_EXCEPTION("FreshetFunction",
            "@SqlFunction method %s declares the checked exception %s: SQL cannot handle it; catch it in the"
                    + " method, or throw an unchecked exception (the record is then dead-lettered as TRANSFORM_ERROR)"),
    FUNCTION_PARAMETER_TYPE("FreshetFunction",
            "parameter %s of @SqlFunction method %s has type %s, which has no Spark SQL type in Freshet: use"
                    + " boolean, byte, short, int, long, float, double (or their boxes), String, java.math.BigDecimal,"
                    + " java.time.Instant, java.time.LocalDate or byte[]"),
    FUNCTION_RETURN_TYPE("FreshetFunction",
            "@SqlFunction method %s returns %s, which has no Spark SQL type in Freshet: return boolean, byte, short,"
                    + " int, long, float, double (or their boxes), String, java.math.BigDecimal, java.time.Instant,"
                    + " java.time.LocalDate or byte[]"),
    FUNCTION_TOO_MANY_PARAMETERS("FreshetFunction",
            "@SqlFunction method %s has %d parameters, more than the %d Freshet supports: pass fewer, such as"
                    + " several values joined in one string"),
    FUNCTION_INVOKER_NOT_WRITTEN("FreshetFunction",
            "the function invoker %s cannot be written: %s. Check that no class of that name exists and that the"
                    + " output directory is writable"),
    SQL_NOT_ROW_LEVEL("FreshetSql",
            "the SQL is not row-level: it uses %s. The SQL transforms each record on its own (SELECT, WHERE,"
                    + " expressions, subqueries and common table expressions of those); declare aggregations on the"
                    + " feature set, not in the SQL"),
    OUTPUT_TYPE("FreshetSql",
            "output column \"%s\" has type %s, which the online store cannot hold: CAST it to a string, number,"
                    + " boolean, date or timestamp, or turn it into a string with to_json(...)"),
    OUTPUT_DUPLICATE("FreshetSql", "the SQL outputs column \"%s\" twice: give each output column its own name with AS"),
    OUTPUT_RESERVED("FreshetSql",
            "output column \"%s\" starts with \"__\", which Freshet reserves for its own columns: rename it with AS"),
    WINDOW_INVALID("FreshetWindow",
            "window \"%s\" %s: write a whole number of seconds, minutes, hours or days, with the unit s, m, h or d or"
                    + " spelled out, such as \"30s\", \"1m\", \"1 minute\", \"3 hours\" or \"7 day\" (no decimals:"
                    + " \"90m\", not \"1.5h\"; no milliseconds)"),
    WINDOW_DUPLICATE("FreshetWindow", "window \"%s\" is the same as window \"%s\" (%s): list each window once"),
    WINDOW_NOT_MULTIPLE("FreshetWindow",
            "window \"%s\" is not a multiple of the tile size %s: use a multiple of %s, or a finer tile, such as"
                    + " tileSize = \"%s\""),
    WINDOWS_WITHOUT_AGGREGATIONS("FreshetWindow",
            "feature set \"%s\" declares windows but no aggregations: add aggregations, such as"
                    + " aggregations = @Aggregate(function = AggregateFunction.COUNT, column = \"%s\"), or remove the"
                    + " windows"),
    AGGREGATIONS_WITHOUT_WINDOWS("FreshetWindow",
            "feature set \"%s\" declares aggregations but no windows: add windows, such as windows = {\"1h\", \"1d\"}"),
    TILE_SIZE_INVALID("FreshetTile", "tileSize \"%s\" %s: use one of %s, such as \"1s\" (the default)"),
    TILE_SIZE_OFF_LADDER("FreshetTile",
            "tileSize \"%s\" is not a size Freshet keeps tiles of: use one of %s, such as \"1s\" (the default);"
                    + " every window must be a multiple of it"),
    LATENESS_INVALID("FreshetLateness",
            "allowedLateness \"%s\" %s: write how far behind its key's newest event an event may be, as a whole"
                    + " number and a unit (ms, s, m, h or d, or spelled out), such as \"5m\" or \"30 seconds\", or"
                    + " \"0s\" to aggregate no late event"),
    SKEW_INVALID("FreshetLateness",
            "maxEventTimeSkew \"%s\" %s: write how far after its Kafka record's timestamp an event's time may be, as"
                    + " a whole number and a unit (ms, s, m, h or d, or spelled out), such as \"5m\" or \"30 seconds\","
                    + " or \"0s\" for not at all"),
    AGGREGATION_UNKNOWN_COLUMN("FreshetAggregate",
            "aggregation column \"%s\" is not in the output of the SQL.%s Aggregate one of its output columns: %s"),
    AGGREGATION_STRING_NOT_NUMERIC("FreshetAggregate",
            "%1$s needs a numeric column, but \"%2$s\" is %3$s: select a number in the SQL, such as"
                    + " try_cast(%2$s AS DOUBLE) AS %4$s (null where it is no number, where CAST would fail the"
                    + " micro-batch), and aggregate"
                    + " column = \"%4$s\""),
    AGGREGATION_TIMESTAMP_NOT_NUMERIC("FreshetAggregate",
            "%1$s needs a numeric column, but \"%2$s\" is %3$s: select its epoch milliseconds in the SQL, such as"
                    + " unix_millis(%2$s) AS %4$s, and aggregate column = \"%4$s\""),
    AGGREGATION_DATE_NOT_NUMERIC("FreshetAggregate",
            "%1$s needs a numeric column, but \"%2$s\" is %3$s: select its days since 1970-01-01 in the SQL, such as"
                    + " unix_date(%2$s) AS %4$s, and aggregate column = \"%4$s\""),
    AGGREGATION_BOOLEAN_NOT_NUMERIC("FreshetAggregate",
            "%1$s needs a numeric column, but \"%2$s\" is %3$s: select 1 for true and 0 for false in the SQL, such as"
                    + " CAST(%2$s AS INT) AS %4$s, and aggregate column = \"%4$s\" (or use BOOLEAN_OR or BOOLEAN_AND"
                    + " on \"%2$s\")"),
    AGGREGATION_NUMBER_NOT_BOOLEAN("FreshetAggregate",
            "%1$s needs a boolean column, but \"%2$s\" is %3$s: compute a boolean in the SQL, such as %2$s > 0 AS %4$s,"
                    + " and aggregate column = \"%4$s\""),
    AGGREGATION_NOT_BOOLEAN("FreshetAggregate",
            "%1$s needs a boolean column, but \"%2$s\" is %3$s: compute a boolean in the SQL, such as"
                    + " %2$s IS NOT NULL AS %4$s, and aggregate column = \"%4$s\""),
    AGGREGATION_ALIAS_INVALID("FreshetAggregate",
            "alias \"%s\" is not a feature-name prefix: use lower-case letters, digits and underscores, starting with"
                    + " a letter, such as \"had_remote_transaction\""),
    FEATURE_NAME_COLLISION("FreshetAggregate",
            "aggregations %d and %d both produce feature \"%s\": give one an alias, or remove the duplicate"),
    FEATURE_CONSTANT_CLASH("FreshetFeature",
            "features \"%s\" and \"%s\" would both be the constant %s.%s: give one another name with AS in the SQL,"
                    + " so that each feature has a constant of its own"),
    AGGREGATE_CONSTANT_CLASH("FreshetFeature",
            "features \"%s\" and \"%s\" would both be the constant %s.%s: give aggregation %d an alias, so that each"
                    + " feature has a constant of its own"),
    BATCH_SOURCE_KIND("FreshetBatchSource",
            "@BatchSource belongs on a record whose components are the schema, or on an interface when the schema is"
                    + " read from the data, not on the %s %s: make it a record, such as record"
                    + " HistoricalTransaction(String user_id, double amount, Instant timestamp) {}, or an interface"),
    BATCH_SOURCE_DUPLICATE("FreshetBatchSource",
            "batch source name \"%s\" is already declared by %s: batch source names must be unique; rename one of"
                    + " them"),
    BATCH_SOURCE_NAME_OF_KAFKA_SOURCE("FreshetBatchSource",
            "batch source name \"%s\" is already the name of the @KafkaSource %s: Kafka and batch sources share one"
                    + " namespace, so that a name always means the same data; rename the batch source, such as"
                    + " \"%1$s_history\""),
    BATCH_SOURCE_NAME_INVALID("FreshetBatchSource",
            "batch source name \"%s\" is not a SQL identifier, and the backfill SQL reads the source under its name:"
                    + " use letters, digits and underscores, starting with a letter, such as \"transaction_history\""),
    BATCH_SOURCE_NO_LOCATION("FreshetBatchSource",
            "batch source \"%s\" gives neither a path nor a table: give the path of its files, such as"
                    + " path = \"/data/%s\", or, for a Delta table of the catalog, its name, such as"
                    + " table = \"history.transactions\""),
    BATCH_SOURCE_PATH_AND_TABLE("FreshetBatchSource",
            "batch source \"%s\" gives both path \"%s\" and table \"%s\": it is read from one of them; keep the path"
                    + " of its files or the table, not both"),
    BATCH_SOURCE_TABLE_FORMAT("FreshetBatchSource",
            "batch source \"%s\" names table \"%s\", but its format is %s and only the DELTA format reads a table:"
                    + " give the %s files' path instead, such as path = \"/data/%s\", or use"
                    + " format = BatchFormat.DELTA"),
    BATCH_SOURCE_FIELD_TYPE("FreshetBatchSource",
            "component %s of batch source \"%s\" has type %s, which Freshet cannot read from batch data: use String,"
                    + " boolean, int, long, float, double (or their boxes), java.time.Instant or java.time.LocalDate"),
    BATCH_SOURCE_TIMESTAMP_UNKNOWN("FreshetBatchSource",
            "timestamp column \"%s\" is not a component of batch source \"%s\".%s Name one of its components (%s),"
                    + " or add the column to the record as java.time.Instant"),
    BATCH_SOURCE_TIMESTAMP_TYPE("FreshetBatchSource",
            "timestamp column \"%s\" of batch source \"%s\" is %s, not a timestamp: declare the component as"
                    + " java.time.Instant (a backfill reads each source within its range by this column)"),
    BATCH_SOURCE_OPTION("FreshetBatchSource",
            "option \"%s\" of batch source \"%s\" is not key=value: write each reader option as \"key=value\","
                    + " such as \"header=true\""),
    BATCH_SOURCE_OPTION_DUPLICATE("FreshetBatchSource",
            "option \"%s\" of batch source \"%s\" is given twice: give each reader option once"),
    SINK_NAME_BLANK("FreshetSink",
            "a @KafkaSink of feature set \"%s\" has a blank name: name the sink, unique within the feature set, such"
                    + " as name = \"%s-updates\""),
    SINK_NAME_DUPLICATE("FreshetSink",
            "sink name \"%s\" is used twice in feature set \"%s\": sink names must be unique within a feature set;"
                    + " rename one of them"),
    SINK_TOPIC_BLANK("FreshetSink",
            "sink \"%s\" has a blank topic: give the topic it writes, such as topic = \"%s\""),
    SINK_TOPIC_INVALID("FreshetSink",
            "topic \"%s\" of sink \"%s\" is not a legal Kafka topic name: use 1 to 249 letters, digits, '.', '_' or"
                    + " '-'"),
    SINK_CONNECTION_BOTH("FreshetSink",
            "sink \"%s\" gives both bootstrapServers \"%s\" and connection \"%s\": give one of them, or neither for"
                    + " the application's Kafka connection (spring.kafka.*)"),
    SOURCE_CONNECTION_BOTH("FreshetSource",
            "source \"%s\" gives both bootstrapServers \"%s\" and connection \"%s\": give one of them, or neither"
                    + " for the application's Kafka connection (spring.kafka.*)"),
    SINK_CYCLE("FreshetSink",
            "feature sets feed each other in a cycle: %s; a sink's records would come back as its own input: break"
                    + " the cycle by writing one sink to another topic"),
    SINK_TOPIC_OWN_SOURCE("FreshetSink",
            "sink \"%s\" writes topic \"%s\", which feature set \"%s\" reads through its source \"%s\": the"
                    + " feature set would read its own output; write another topic"),
    SECURITY_MECHANISM_MISSING("FreshetKafkaSecurity",
            "protocol %s authenticates with SASL but no saslMechanism is given: set saslMechanism ="
                    + " SaslMechanism.SCRAM_SHA_512 (or SCRAM_SHA_256, PLAIN)"),
    SECURITY_MECHANISM_WITHOUT_SASL("FreshetKafkaSecurity",
            "saslMechanism %s needs a SASL protocol, but the protocol is %s: set protocol ="
                    + " SecurityProtocol.SASL_SSL, or remove the saslMechanism"),
    SECURITY_SECRET_MISSING("FreshetKafkaSecurity",
            "protocol %s needs %s: name the secret that holds the SASL %s, such as %s = \"%s\""),
    SECURITY_STORE_PASSWORD_MISSING("FreshetKafkaSecurity",
            "%s \"%s\" is given without %s: name the secret that holds the key store's password too"),
    SECURITY_STORE_MISSING("FreshetKafkaSecurity",
            "%s \"%s\" is given without %s: name the secret that holds the %s, or remove its password"),
    SECURITY_STORE_WITHOUT_TLS("FreshetKafkaSecurity",
            "%s \"%s\" names a %s, which Kafka uses only over TLS, but protocol %s has no TLS: Kafka would ignore"
                    + " the store and connect unencrypted; set protocol = SecurityProtocol.%s, or remove %s"),
    SECURITY_PLAIN_IN_CLEAR_TEXT("FreshetKafkaSecurity",
            "saslMechanism PLAIN over protocol SASL_PLAINTEXT sends the password in clear text: use protocol ="
                    + " SecurityProtocol.SASL_SSL, or a SCRAM mechanism"),
    BACKFILL_NOT_AGGREGATED("FreshetBackfill",
            "feature set \"%s\" has a @Backfill but no aggregations: a backfill seeds the tiles of an aggregated"
                    + " feature set's windows and its offline table, and a row-level feature set has no windows to"
                    + " seed; remove the @Backfill, or declare aggregations and windows"),
    BACKFILL_OUTSIDE_FEATURE_SET("FreshetBackfill",
            "@Backfill on %s is not on a @StreamingFeatureSet class, so no feature set runs it: put it on the feature"
                    + " set's class, or annotate %s with @StreamingFeatureSet"),
    BACKFILL_INSTANT("FreshetBackfill",
            "%s \"%s\" is not an instant: write an ISO-8601 instant in UTC, such as \"2026-01-01T00:00:00Z\""),
    BACKFILL_RANGE("FreshetBackfill",
            "the backfill starts at %s, which is not before its end %s: give a start before the end"),
    BACKFILL_END_NOT_ALIGNED("FreshetBackfill",
            "the backfill's end %s is not a multiple of the tile size %s: the hand-off to the stream is on a tile"
                    + " boundary; use the one before, \"%s\", or the one after, \"%s\""),
    BACKFILL_NO_SOURCES("FreshetBackfill",
            "the backfill reads no batch source: name at least one, such as sources = @BackfillSource(name = \"%s\")"),
    BACKFILL_SOURCE_UNKNOWN("FreshetBackfill",
            "no @BatchSource is named \"%s\".%s Batch sources in this compilation: %s. Declare the source on a record"
                    + " or an interface in the same module as the feature set"),
    BACKFILL_SOURCE_DUPLICATE("FreshetBackfill",
            "batch source \"%s\" is read twice by the backfill: list each source once, with a range covering both"),
    BACKFILL_SOURCE_RANGE("FreshetBackfill",
            "batch source \"%s\" is read from %s to %s: its start must be before its end"),
    BACKFILL_SOURCE_OUTSIDE("FreshetBackfill",
            "batch source \"%s\" is read from %s to %s, outside the backfill's range from %s to %s: give it a range"
                    + " inside the backfill's (an empty start or end is the backfill's own)"),
    BACKFILL_SQL_NEEDED("FreshetBackfill",
            "the backfill reads %d batch sources (%s) but has no sql: say how they make the stream source's rows,"
                    + " such as sql = \"SELECT * FROM %s UNION ALL SELECT * FROM %s\", or mark a public static method"
                    + " Dataset<Row> m(SparkSession spark) of %s with @BackfillTransform"),
    BACKFILL_SQL_SYNTAX("FreshetBackfill", "the backfill SQL does not parse: %s"),
    BACKFILL_SQL_ANALYSIS("FreshetBackfill", "Spark cannot analyse the backfill SQL: %s"),
    BACKFILL_SQL_UNKNOWN_TABLE("FreshetBackfill",
            "the backfill SQL reads \"%s\", which is not a batch source of the backfill.%s Read from its batch"
                    + " sources (%s), or from common table expressions over them"),
    BACKFILL_SQL_FUNCTION("FreshetBackfill",
            "the backfill SQL calls %s, the @SqlFunction %s: backfill SQL calls Spark's built-in functions only;"
                    + " compute the value with built-in functions, or call the function in the feature set's own SQL,"
                    + " which backfilled rows go through as streamed ones do"),
    BACKFILL_SQL_UNKNOWN_FUNCTION("FreshetBackfill",
            "the backfill SQL calls %s(...), which is not a Spark built-in function.%s Backfill SQL calls Spark's"
                    + " built-in functions only"),
    BACKFILL_SQL_COLUMNS("FreshetBackfill", "%s"),
    BACKFILL_TRANSFORM_AND_SQL("FreshetBackfill",
            "the backfill has both sql and the @BackfillTransform method %s: the transform replaces the SQL; remove"
                    + " sql = \"...\", or remove the @BackfillTransform"),
    BACKFILL_TRANSFORM_TWO("FreshetBackfill",
            "%s is a second @BackfillTransform of the feature set, whose first is %s: a backfill has one; make its"
                    + " rows in one method"),
    BACKFILL_TRANSFORM_WITHOUT_BACKFILL("FreshetBackfill",
            "@BackfillTransform method %s is in feature set \"%s\", which has no @Backfill, so nothing calls it:"
                    + " annotate %s with @Backfill(start = ..., end = ..., sources = ...), or remove the"
                    + " @BackfillTransform"),
    BACKFILL_TRANSFORM_OUTSIDE_FEATURE_SET("FreshetBackfill",
            "@BackfillTransform method %s is not in a @StreamingFeatureSet class, so no backfill uses it: declare it"
                    + " in the class of the feature set and its @Backfill, or annotate %s with @StreamingFeatureSet"),
    BACKFILL_TRANSFORM_NOT_STATIC("FreshetBackfill",
            "@BackfillTransform method %s is not static: the backfill calls it without an instance; make it public"
                    + " static"),
    BACKFILL_TRANSFORM_NOT_PUBLIC("FreshetBackfill",
            "@BackfillTransform method %s is not accessible to generated code: make it public, in a public or"
                    + " package-private top-level or static nested class"),
    BACKFILL_TRANSFORM_GENERIC("FreshetBackfill",
            "@BackfillTransform method %s has type parameters: declare it as Dataset<Row> m(SparkSession spark)"),
    BACKFILL_TRANSFORM_CHECKED_EXCEPTION("FreshetBackfill",
            "@BackfillTransform method %s declares the checked exception %s: the backfill cannot recover from it;"
                    + " catch it in the method, or throw an unchecked exception (the backfill then fails and says"
                    + " why)"),
    BACKFILL_TRANSFORM_PARAMETERS("FreshetBackfill",
            "@BackfillTransform method %s takes (%s): it must take exactly one org.apache.spark.sql.SparkSession,"
                    + " whose views under the batch sources' names it reads (spark.table(\"<source>\"))"),
    BACKFILL_TRANSFORM_RETURN("FreshetBackfill",
            "@BackfillTransform method %s returns %s: return the backfill's rows as an"
                    + " org.apache.spark.sql.Dataset<Row>"),
    CLUSTER_TEMPLATE_BACKFILL_WITHOUT_BACKFILL("FreshetClusterTemplates",
            "feature set \"%s\" gives a backfill cluster template (%s) but has no @Backfill, so no backfill job runs"
                    + " on it: remove backfill = ClusterTemplate.%s, or annotate %s with @Backfill(start = ...,"
                    + " end = ..., sources = ...)"),
    CLUSTER_TEMPLATES_OUTSIDE_FEATURE_SET("FreshetClusterTemplates",
            "@ClusterTemplates on %s is not on a @StreamingFeatureSet class, so no job runs on its sizes: put it on"
                    + " the feature set's class, or annotate %s with @StreamingFeatureSet"),
    PROVIDER_CLASH("FreshetFeatureSet",
            "the provider %s of feature set \"%s\" cannot be written: %s already generates it (nested classes are"
                    + " named Outer_Inner in provider names); rename one of the classes"),
    PROVIDER_NOT_WRITTEN("FreshetFeatureSet",
            "the provider %s of feature set \"%s\" cannot be written: %s. Check that no class of that name exists"
                    + " and that the output directory is writable"),
    CATALOG_NOT_WRITTEN("Freshet",
            "the feature-set catalog %s cannot be written: %s. Check that no other processor writes it and that the"
                    + " output directory is writable"),
    INDEX_NOT_WRITTEN("Freshet",
            "the feature-set index %s cannot be written: %s. Check that no other processor writes it and that the"
                    + " output directory is writable"),
    PROCESSOR_FAILURE("Freshet", "Freshet's annotation processor failed on %s (please report it): %s");

    /** The sentence a message gets when a known name is close to the one written; see {@link #didYouMean}. */
    private static final String DID_YOU_MEAN = " Did you mean \"%s\"?";

    private final String code;
    private final String format;

    Message(String code, String format) {
        this.code = code;
        this.format = format;
    }

    /**
     * The argument of the messages about an unknown name that suggests the closest known one: a sentence such as
     * {@code  Did you mean "amount"?}, or nothing.
     */
    public static String didYouMean(Optional<String> closest) {
        return closest.map(c -> String.format(Locale.ROOT, DID_YOU_MEAN, c)).orElse("");
    }

    /** What {@link #SQL_NOT_ROW_LEVEL} says the SQL uses. */
    public static String construct(SqlAnalysis.Construct construct, String operator) {
        return switch (construct) {
            case AGGREGATION -> "an aggregation (GROUP BY or an aggregate function such as sum or count)";
            case WINDOW_FUNCTION -> "a window function (OVER ...)";
            case DISTINCT -> "DISTINCT";
            case ORDER_BY -> "ORDER BY";
            case LIMIT -> "LIMIT or OFFSET";
            case JOIN -> "a JOIN";
            case UNION -> "UNION";
            case INTERSECT -> "INTERSECT";
            case EXCEPT -> "EXCEPT";
            case RECURSION -> "a recursive common table expression (WITH RECURSIVE)";
            case SUBQUERY_EXPRESSION -> "a subquery in an expression (such as IN (SELECT ...))";
            case OTHER -> "the " + operator.toLowerCase(Locale.ROOT) + " operator";
        };
    }

    /** The message text with {@code args} filled in, prefixed with its code. */
    public String format(Object... args) {
        return "[" + code + "] " + String.format(Locale.ROOT, format, args);
    }
}
