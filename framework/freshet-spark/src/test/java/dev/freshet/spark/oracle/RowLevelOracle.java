package dev.freshet.spark.oracle;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The brute-force oracle of a row-level transactions set (the {@code FeatureSets} default SQL): the online store holds,
 * for each user, the newest record it decoded, newest by event time, then partition, then offset, whatever order the
 * records were read in, however often a batch ran again.
 */
public final class RowLevelOracle {

    private static final Comparator<SourceRecord> NEWEST = Comparator.comparing(SourceRecord::time)
            .thenComparingInt(SourceRecord::partition).thenComparingLong(SourceRecord::offset);

    private RowLevelOracle() {}

    /** The newest decoded record of each user in {@code records}. */
    public static Map<String, SourceRecord> newest(Collection<SourceRecord> records) {
        Map<String, SourceRecord> newest = new HashMap<>();
        for (SourceRecord r : records) {
            if (r.decoded()) {
                newest.merge(r.user(), r, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
            }
        }
        return newest;
    }

    /** The fields of the hash of {@code r}'s user when {@code r} is its newest record, as the online store writes them. */
    public static Map<String, String> hash(SourceRecord r) {
        Map<String, String> fields = new TreeMap<>();
        if (r.amount() != null) {
            fields.put("amount", "d:" + r.amount());
        }
        fields.put("is_remote", "b:" + r.remote());
        fields.put("__ts", Long.toString(r.time().toEpochMilli()));
        fields.put("__p", Integer.toString(r.partition()));
        fields.put("__o", Long.toString(r.offset()));
        return fields;
    }
}
