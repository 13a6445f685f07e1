package dev.freshet.spark.deadletter;

/**
 * The headers a {@link DeadLetterReplay} puts on each record it re-produces to a source topic, so that every consumer
 * of that topic can tell a replayed record from an original:
 *
 * <ul>
 *   <li>{@value #REPLAY_OF}: the source position the record replays, {@code <topic>/<partition>/<offset>};
 *   <li>{@value #REPLAY_FOR}: the feature set whose dead letter it was. The other feature sets reading the topic pass
 *       the record over: they ingested (or dead-lettered) the original already.
 * </ul>
 *
 * Values are UTF-8 text.
 */
public final class ReplayHeaders {

    /** Header naming the replayed source position, {@code <topic>/<partition>/<offset>}. */
    public static final String REPLAY_OF = "freshet.replay-of";
    /** Header naming the feature set the record is replayed for. */
    public static final String REPLAY_FOR = "freshet.replay-for";

    private ReplayHeaders() {}

    /**
     * Whether feature set {@code featureSet} ingests a record whose {@link #REPLAY_FOR} header is {@code replayFor}
     * ({@code null} for a record without it, which every feature set ingests).
     */
    public static boolean isFor(String replayFor, String featureSet) {
        return replayFor == null || replayFor.equals(featureSet);
    }
}
