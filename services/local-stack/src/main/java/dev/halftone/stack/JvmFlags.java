package dev.halftone.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * JVM flags for the stack's servers, chosen for start-up time on a small shared machine: C1 only, serial GC, and
 * an application class-data archive per server that the first run writes and later runs map (cuts start time).
 */
final class JvmFlags {
    private JvmFlags() {
    }

    static List<String> forServer(String maxHeap, Path classDataArchive) {
        return List.of(
                "-Xmx" + maxHeap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + classDataArchive,
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off",
                "-Djava.awt.headless=true");
    }
}
