package dev.freshet.testsupport;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.store.EntityWrite;
import dev.freshet.core.store.EntityWriter;
import dev.freshet.core.store.OnlineStore;
import dev.freshet.core.store.TileWrite;
import dev.freshet.core.store.TileWriter;
import dev.freshet.core.store.WriteResult;
import dev.freshet.core.tile.TiledAggregation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An online store that crashes once, as a job would in the middle of a batch: its writers pass the first
 * {@code writes} writes (entity writes, or keys of tile writes) to the real store and have them acknowledged, then
 * throw {@link InjectedFault}; afterwards they work normally, so the job can be restarted and finish.
 *
 * <pre>{@code
 * FreshetEngine engine = FreshetEngine.builder()...
 *         .onlineStore(FailingOnlineStore.failOnceAfter(3, new RedisOnlineStore(endpoint, layout)))
 *         .build();
 * }</pre>
 *
 * <p>The count is shared by every copy of the store in this JVM (Spark ships a copy to every task), which is what a
 * test in local mode needs.
 */
public final class FailingOnlineStore implements OnlineStore {

    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicLong> REMAINING = new ConcurrentHashMap<>();

    private final OnlineStore store;
    private final String id;
    private final long after;

    private FailingOnlineStore(OnlineStore store, long after) {
        this.store = requireNonNull(store, "store");
        this.id = UUID.randomUUID().toString();
        this.after = after;
        REMAINING.put(id, new AtomicLong(after));
    }

    /** {@code store}, failing once after {@code writes} acknowledged writes. */
    public static FailingOnlineStore failOnceAfter(long writes, OnlineStore store) {
        return new FailingOnlineStore(store, writes);
    }

    /** The wrapped store's check: the fault is in the writes only. */
    @Override
    public void check(Duration timeout) {
        store.check(timeout);
    }

    /** Whether the fault has fired. */
    public boolean fired() {
        return REMAINING.get(id).get() < 0;
    }

    @Override
    public EntityWriter entityWriter(FeatureSetSpec spec, Duration ttl) {
        EntityWriter writer = store.entityWriter(spec, ttl);
        return writes -> {
            List<EntityWrite> allowed = new ArrayList<>();
            boolean crash = take(writes, allowed);
            WriteResult result = writer.write(allowed.iterator());
            return crash ? crash(() -> result.plus(writer.write(writes))) : result;
        };
    }

    @Override
    public TileWriter tileWriter(FeatureSetSpec spec, TiledAggregation model, Duration ttl) {
        TileWriter writer = store.tileWriter(spec, model, ttl);
        return writes -> {
            List<TileWrite> allowed = new ArrayList<>();
            boolean crash = take(writes, allowed);
            long keys = writer.write(allowed.iterator());
            return crash ? crash(() -> keys + writer.write(writes)) : keys;
        };
    }

    @Override
    public String describe(String featureSet) {
        return store.describe(featureSet) + " (failing once after " + after + " writes)";
    }

    /**
     * Moves into {@code allowed} the writes the store may still take; returns whether one was left over that the
     * store may not take because the fault is due.
     */
    private <T> boolean take(Iterator<T> writes, List<T> allowed) {
        AtomicLong left = REMAINING.get(id);
        while (writes.hasNext()) {
            long n = left.get();
            if (n == 0) {
                return true;
            }
            if (n < 0 || left.compareAndSet(n, n - 1)) {
                allowed.add(writes.next());
            }
        }
        return false;
    }

    /** Throws the fault, unless another writer fired it first: then the rest is written as usual. */
    private <R> R crash(java.util.function.Supplier<R> rest) {
        if (REMAINING.get(id).compareAndSet(0, -1)) {
            throw new InjectedFault("injected fault: the online store crashed after " + after
                    + " acknowledged writes (FailingOnlineStore.failOnceAfter)");
        }
        return rest.get();
    }

    /** What the injected fault throws. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }
}
