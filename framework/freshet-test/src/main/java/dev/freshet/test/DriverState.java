package dev.freshet.test;

import dev.freshet.core.deadletter.DeadLetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one driver's jobs wrote, in this JVM: per feature set, each key's hash (field name to bytes, as Redis would
 * hold it) and the dead letters. Tasks hold serialized copies of the store and the dead-letter collector, which find
 * their driver's state here by its id: local mode only, where tasks run in the driver's JVM.
 */
final class DriverState {

    private static final Map<String, DriverState> REGISTRY = new ConcurrentHashMap<>();

    private final Map<String, Map<String, Map<String, byte[]>>> hashes = new ConcurrentHashMap<>();
    private final Map<String, List<DeadLetter>> deadLetters = new ConcurrentHashMap<>();

    private DriverState() {}

    /** Registers a fresh state under {@code id}. */
    static DriverState register(String id) {
        DriverState state = new DriverState();
        if (REGISTRY.putIfAbsent(id, state) != null) {
            throw new IllegalStateException("a test driver with id " + id + " is registered already");
        }
        return state;
    }

    /** Forgets the state of {@code id}. */
    static void deregister(String id) {
        REGISTRY.remove(id);
    }

    /** The state of driver {@code id}, from a task. */
    static DriverState of(String id) {
        DriverState state = REGISTRY.get(id);
        if (state == null) {
            throw new IllegalStateException("no test driver " + id + " in this JVM: the in-process store works in"
                    + " Spark's local mode only, where tasks run in the driver's JVM (or the driver was closed)");
        }
        return state;
    }

    /** Whether driver {@code id} is registered. */
    static boolean registered(String id) {
        return REGISTRY.containsKey(id);
    }

    /** The hashes of {@code featureSet}, by encoded key; created on first use. */
    Map<String, Map<String, byte[]>> hashes(String featureSet) {
        return hashes.computeIfAbsent(featureSet, f -> new ConcurrentHashMap<>());
    }

    /** Adds a dead letter. */
    void deadLetter(DeadLetter letter) {
        deadLetters.computeIfAbsent(letter.featureSet(), f -> Collections.synchronizedList(new ArrayList<>()))
                .add(letter);
    }

    /** The dead letters of {@code featureSet} so far, in the order the tasks reported them. */
    List<DeadLetter> deadLetters(String featureSet) {
        List<DeadLetter> letters = deadLetters.get(featureSet);
        if (letters == null) {
            return List.of();
        }
        synchronized (letters) {
            return List.copyOf(letters);
        }
    }
}
