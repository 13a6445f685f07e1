package dev.freshet.api;

import java.util.Locale;

/** The storage format of a batch source: how Spark reads its files or table. */
public enum BatchFormat {
    /** Apache Parquet files; the files carry their schema. */
    PARQUET,
    /** A Delta Lake table, by path or by name; the table carries its schema. */
    DELTA,
    /** Comma-separated text with a header line; the schema is declared, or inferred from the data. */
    CSV,
    /** One JSON object per line; the schema is declared, or inferred from the data. */
    JSON;

    /** The name of the format for Spark's {@code DataFrameReader.format}. */
    public String sparkFormat() {
        return name().toLowerCase(Locale.ROOT);
    }
}
