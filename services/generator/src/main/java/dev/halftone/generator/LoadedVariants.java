package dev.halftone.generator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The few variants a worker keeps loaded, least recently used evicted first: tasks of one variant arrive in
 * runs, so loading once per run instead of once per image is most of a worker's speed.
 */
public final class LoadedVariants<K, V extends AutoCloseable> {
    private final int capacity;
    private final Map<K, V> loaded = new LinkedHashMap<>(16, 0.75f, true);

    public LoadedVariants(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("halftone.generator.loaded-variants must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Returns the loaded value for key, loading it (and closing the eldest when full) on a miss. */
    public synchronized V get(K key, Function<K, V> loader) {
        V value = loaded.get(key);
        if (value != null) {
            return value;
        }
        if (loaded.size() >= capacity) {
            var eldest = loaded.entrySet().iterator().next();
            loaded.remove(eldest.getKey());
            close(eldest.getValue());
        }
        value = loader.apply(key);
        loaded.put(key, value);
        return value;
    }

    public synchronized int size() {
        return loaded.size();
    }

    /** Closes every loaded value, for shutdown. */
    public synchronized void clear() {
        loaded.values().forEach(LoadedVariants::close);
        loaded.clear();
    }

    private static void close(AutoCloseable value) {
        try {
            value.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot unload a variant", e);
        }
    }
}
