package dev.freshet.redis;

import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for failure tests: makes writers throw once, after a number of writes were sent and acknowledged
 * in this JVM, as a crash in the middle of a batch would. {@link #none()} in production.
 *
 * <p>The count is shared by every writer (every Spark task) of the JVM that uses this instance, and the fault fires
 * once, so that the job can be restarted and finish. Meant for Spark's local mode, where executors share the JVM.
 */
public final class WriteFaults implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicLong> REMAINING = new ConcurrentHashMap<>();
    private static final WriteFaults NONE = new WriteFaults(null, 0);

    private final String id;
    private final long after;

    private WriteFaults(String id, long after) {
        this.id = id;
        this.after = after;
    }

    /** No faults. */
    public static WriteFaults none() {
        return NONE;
    }

    /** One fault, thrown once {@code writes} writes have been sent and acknowledged. */
    public static WriteFaults failOnceAfter(long writes) {
        WriteFaults faults = new WriteFaults(UUID.randomUUID().toString(), writes);
        REMAINING.put(faults.id, new AtomicLong(writes));
        return faults;
    }

    /** Whether this instance injects a fault. */
    public boolean active() {
        return id != null;
    }

    /** Whether the fault has fired. */
    public boolean fired() {
        return id != null && REMAINING.get(id).get() < 0;
    }

    /**
     * How many of the next {@code wanted} writes may still be sent before the fault; {@code wanted} when there is no
     * fault (left).
     */
    long allowance(long wanted) {
        if (id == null) {
            return wanted;
        }
        long left = REMAINING.get(id).get();
        return left < 0 ? wanted : Math.min(wanted, left);
    }

    /** Records {@code sent} acknowledged writes; throws if the fault is due. */
    void sent(long sent, String featureSet) {
        if (id == null) {
            return;
        }
        AtomicLong left = REMAINING.get(id);
        if (left.get() < 0) {
            return;
        }
        if (left.addAndGet(-sent) == 0) {
            left.set(-1);
            throw new InjectedFault("injected fault: writer of feature set \"" + featureSet + "\" crashed after "
                    + after + " acknowledged writes (WriteFaults.failOnceAfter)");
        }
    }

    @Override
    public String toString() {
        return id == null ? "WriteFaults.none()" : "WriteFaults.failOnceAfter(" + after + ")";
    }

    /** The exception an injected fault throws. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }
}
