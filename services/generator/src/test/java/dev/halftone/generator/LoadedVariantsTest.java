package dev.halftone.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LoadedVariantsTest {

    @Test
    void loadsOnceAndEvictsTheLeastRecentlyUsed() {
        List<String> loads = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        LoadedVariants<String, AutoCloseable> cache = new LoadedVariants<>(2);
        for (String key : List.of("nf4", "q8", "nf4", "q4", "nf4")) {
            cache.get(key, k -> {
                loads.add(k);
                return () -> closed.add(k);
            });
        }
        assertEquals(List.of("nf4", "q8", "q4"), loads, "nf4 stays loaded while in use");
        assertEquals(List.of("q8"), closed);
        cache.clear();
        assertTrue(closed.containsAll(List.of("nf4", "q4")));
        assertEquals(0, cache.size());
    }
}
