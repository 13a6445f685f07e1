package dev.freshet.core.resource;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Costly clients (a Redis client with its connections, a Kafka producer) shared by the tasks of one JVM — a Spark
 * executor, or the driver in local mode — keyed by endpoint. Tasks come and go every micro-batch and cannot own such
 * clients, and no job on the driver may close what the tasks of other jobs use; so a client here belongs to the JVM,
 * is leased by each task for as long as it writes, and is closed once no task has leased it for {@code idle}.
 *
 * <pre>{@code
 * static final ExecutorClients<RedisEndpoint, Pool> POOLS =
 *         new ExecutorClients<>("redis", Pool::open, Pool::close, Duration.ofMinutes(1));
 *
 * try (ExecutorClients.Lease<Pool> lease = POOLS.lease(endpoint)) {
 *     lease.client().write(...);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Idle clients are closed by a daemon thread started on first use.
 *
 * @param <K> the endpoint type (equal endpoints share a client)
 * @param <C> the client type
 */
public final class ExecutorClients<K, C> {

    private final String name;
    private final Function<K, C> open;
    private final Consumer<C> close;
    private final long idleNanos;
    private final LongSupplier ticker;
    private final boolean reap;
    private final Map<K, Entry<C>> entries = new HashMap<>();
    private ScheduledExecutorService reaper;

    /** Every cache of this JVM, for {@link #closeUnleasedEverywhere()}. */
    private static final List<ExecutorClients<?, ?>> ALL = new CopyOnWriteArrayList<>();

    /**
     * Clients opened with {@code open} and closed with {@code close} once unleased for {@code idle}.
     *
     * @param name names the reaper thread, for thread dumps
     */
    public ExecutorClients(String name, Function<K, C> open, Consumer<C> close, Duration idle) {
        this(name, open, close, idle, System::nanoTime, true);
        ALL.add(this);
    }

    /** As the public constructor, with a time source and without the reaper thread: for tests. */
    ExecutorClients(String name, Function<K, C> open, Consumer<C> close, Duration idle, LongSupplier ticker,
            boolean reap) {
        this.name = requireNonNull(name, "name");
        this.open = requireNonNull(open, "open");
        this.close = requireNonNull(close, "close");
        this.idleNanos = idle.toNanos();
        this.ticker = requireNonNull(ticker, "ticker");
        this.reap = reap;
    }

    /** Leases the client of {@code key}, opening it if there is none; close the lease when done with it. */
    public Lease<C> lease(K key) {
        requireNonNull(key, "key");
        Entry<C> entry;
        synchronized (this) {
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry<>(open.apply(key));
                entries.put(key, entry);
                startReaper();
            }
            entry.leases++;
        }
        return new Lease<>(this, entry);
    }

    /** Closes the clients that no task has leased for {@code idle}; returns how many it closed. */
    public int closeIdle() {
        long now = ticker.getAsLong();
        return closeWhere(e -> e.leases == 0 && now - e.lastReleased >= idleNanos);
    }

    /**
     * Closes the clients that no task holds now, however recently they were used; a later lease opens a new one.
     * Returns how many it closed.
     */
    public int closeUnleased() {
        return closeWhere(e -> e.leases == 0);
    }

    private synchronized int closeWhere(Predicate<Entry<C>> unused) {
        int closed = 0;
        Iterator<Entry<C>> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry<C> e = it.next();
            if (unused.test(e)) {
                it.remove();
                close.accept(e.client);
                closed++;
            }
        }
        return closed;
    }

    /**
     * {@link #closeUnleased()} on every cache of this JVM: for a driver in local mode (its own executor) whose jobs
     * have all stopped, so that no idle client outlives the servers it talks to, and keeps reconnecting to them, while
     * the JVM shuts down. Safe while other jobs run: a client in use is not closed, and a closed one is reopened.
     */
    public static int closeUnleasedEverywhere() {
        int closed = 0;
        for (ExecutorClients<?, ?> clients : ALL) {
            closed += clients.closeUnleased();
        }
        return closed;
    }

    /** Clients currently open. */
    public synchronized int size() {
        return entries.size();
    }

    private synchronized void release(Entry<C> entry) {
        entry.leases--;
        entry.lastReleased = ticker.getAsLong();
    }

    private void startReaper() {
        if (reap && reaper == null) {
            reaper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "freshet-" + name + "-idle-clients");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(1, idleNanos / 2);
            reaper.scheduleWithFixedDelay(this::closeIdleQuietly, period, period, TimeUnit.NANOSECONDS);
        }
    }

    private void closeIdleQuietly() {
        try {
            closeIdle();
        } catch (RuntimeException e) {
            // A client that failed to close is out of the cache anyway (the next lease opens a new one); report it
            // without ending the reaper, which a thrown exception would cancel for good.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    private static final class Entry<C> {
        final C client;
        int leases;
        long lastReleased;

        Entry(C client) {
            this.client = client;
        }
    }

    /**
     * One task's use of a shared client. Not thread-safe; close it exactly once, when the task is done writing.
     *
     * @param <C> the client type
     */
    public static final class Lease<C> implements AutoCloseable {
        private final ExecutorClients<?, C> owner;
        private final Entry<C> entry;
        private boolean closed;

        private Lease(ExecutorClients<?, C> owner, Entry<C> entry) {
            this.owner = owner;
            this.entry = entry;
        }

        /** The client. */
        public C client() {
            if (closed) {
                throw new IllegalStateException("this lease of a shared client is closed");
            }
            return entry.client;
        }

        /** Gives the client back; it stays open for other tasks until it has been idle long enough. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                owner.release(entry);
            }
        }
    }
}
