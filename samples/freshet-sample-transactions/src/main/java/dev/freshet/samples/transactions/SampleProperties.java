package dev.freshet.samples.transactions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings, under {@code sample.*}.
 *
 * @param generator the event generator
 * @param history   the generated transaction history the backfill reads
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue Generator generator, @DefaultValue History history) {

    /**
     * The transaction history, generated at start if missing.
     *
     * @param dir    directory of the history's Parquet files (under {@code transactions/})
     * @param events transactions to generate
     */
    public record History(
            @DefaultValue("./freshet-data/history") String dir,
            @DefaultValue("20000") int events) {
    }

    /**
     * The event generator.
     *
     * @param enabled        whether to generate events
     * @param topic          topic to produce to
     * @param rate           events a second
     * @param users          number of distinct users
     * @param malformedEvery one event in this many is malformed on purpose; zero for none
     * @param loginTopic     topic of login attempts
     * @param loginRate      login attempts a second
     */
    public record Generator(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("transactions") String topic,
            @DefaultValue("50") int rate,
            @DefaultValue("100") int users,
            @DefaultValue("40") int malformedEvery,
            @DefaultValue("logins") String loginTopic,
            @DefaultValue("20") int loginRate) {
    }
}
