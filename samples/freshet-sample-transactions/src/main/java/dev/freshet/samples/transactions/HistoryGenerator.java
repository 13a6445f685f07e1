package dev.freshet.samples.transactions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Writes the sample's transaction history ({@link TransactionHistory}) if it is missing: {@code sample.history.events}
 * transactions of the generator's users, spread over the week before the backfill's end, as Parquet. It runs while
 * the application context is built, so before the online jobs start (and with them the backfill).
 */
class HistoryGenerator implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryGenerator.class);
    /** The backfill's range, as {@link UserTransactionAggregates} declares it. */
    static final Instant START = Instant.parse(UserTransactionAggregates.HISTORY_START);
    static final Instant END = Instant.parse(UserTransactionAggregates.HISTORY_END);
    private static final String[] CATEGORIES = {"grocery", "fuel", "travel", "electronics", "restaurants"};

    private final SparkSession spark;
    private final SampleProperties.History history;
    private final int users;

    HistoryGenerator(SparkSession spark, SampleProperties properties) {
        this.spark = spark;
        this.history = properties.history();
        this.users = properties.generator().users();
    }

    @Override
    public void afterPropertiesSet() {
        Path files = Path.of(history.dir(), "transactions");
        if (Files.exists(files.resolve("_SUCCESS"))) {
            LOG.info("Sample: transaction history in {} exists; not generating it", files);
            return;
        }
        deleteLeftovers(files);
        Random random = new Random(7);
        long span = Duration.between(START, END).toMillis();
        List<Row> rows = new ArrayList<>(history.events());
        for (int i = 0; i < history.events(); i++) {
            Instant at = START.plusMillis((long) (random.nextDouble() * span));
            long cents = Math.round(Math.exp(random.nextGaussian() + 3.5) * 100);
            rows.add(RowFactory.create("user-" + random.nextInt(users), cents, random.nextInt(5) == 0,
                    CATEGORIES[random.nextInt(CATEGORIES.length)], Timestamp.from(at)));
        }
        StructType schema = new StructType()
                .add("card_holder", DataTypes.StringType, false)
                .add("amount_cents", DataTypes.LongType, false)
                .add("remote", DataTypes.BooleanType, false)
                .add("category", DataTypes.StringType, false)
                .add("ts", DataTypes.TimestampType, false);
        spark.createDataFrame(rows, schema).repartition(2).write().parquet(files.toString());
        LOG.info("Sample: generated {} historical transactions from {} to {} in {} (the backfill of"
                + " user-transaction-aggregates reads them)", history.events(), START, END, files);
    }

    private static void deleteLeftovers(Path files) {
        if (!Files.exists(files)) {
            return;
        }
        // A generation stopped half-way (no _SUCCESS): start again.
        try (var paths = Files.walk(files)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the incomplete history in " + files, e);
        }
    }
}
