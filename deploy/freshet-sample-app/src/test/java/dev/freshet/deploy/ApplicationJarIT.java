package dev.freshet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The application jar holds the sample, Freshet and what the cluster lacks, and nothing the cluster provides. */
class ApplicationJarIT {

    private static List<String> entries;
    private static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(Path.of(System.getProperty("freshet.app.jar")).toFile());
        entries = jar.stream().map(ZipEntry::getName).toList();
    }

    @Test
    void holdsTheSampleItsCatalogAndFreshetsEntryPoint() throws IOException {
        assertThat(entries).contains("dev/freshet/samples/transactions/UserLastTransactionFeatures.class",
                "dev/freshet/samples/transactions/UserLastTransactionFeatures_FeatureSet.class",
                "META-INF/freshet/catalog.json", "META-INF/freshet/feature-sets",
                "dev/freshet/spark/submit/FreshetJobMain.class", "dev/freshet/spark/FreshetEngine.class",
                "dev/freshet/redis/RedisOnlineFeatureClient.class", "dev/freshet/core/catalog/FeatureSetCatalog.class");
        assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                .isEqualTo("dev.freshet.spark.submit.FreshetJobMain");
    }

    @Test
    void holdsDeltaTheKafkaConnectorWithItsClientAndLettuce() {
        assertThat(entries).contains("io/delta/sql/DeltaSparkSessionExtension.class",
                "org/apache/spark/sql/delta/catalog/DeltaCatalog.class",
                "org/apache/spark/sql/kafka010/KafkaSourceProvider.class",
                "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                "io/lettuce/core/RedisClient.class");
    }

    @Test
    void registersBothDataSourcesInOneServiceFile() throws IOException {
        ZipEntry services = jar.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister");
        String registered = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);

        assertThat(registered).contains("org.apache.spark.sql.kafka010.KafkaSourceProvider")
                .contains("org.apache.spark.sql.delta.sources.DeltaDataSource");
    }

    @Test
    void leavesOutWhatASparkDistributionShips() {
        assertThat(entries).doesNotContain("org/apache/spark/sql/SparkSession.class",
                "org/apache/spark/SparkContext.class", "org/apache/spark/sql/catalyst/InternalRow.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class", "io/netty/channel/Channel.class",
                "org/apache/parquet/hadoop/ParquetWriter.class");
        assertThat(entries).noneMatch(e -> e.startsWith("scala/"))
                .noneMatch(e -> e.startsWith("org/apache/hadoop/"))
                .noneMatch(e -> e.startsWith("org/slf4j/"))
                .noneMatch(e -> e.startsWith("ch/qos/logback/"))
                .noneMatch(e -> e.startsWith("org/springframework/"));
    }
}
