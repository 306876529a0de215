package dev.halftone.cli.swarm;

import java.util.List;

/**
 * The six services as the launcher runs them: module directory, HTTP port offset and heap. The generator gets
 * the most heap (it holds loaded variants, an LRU of two) and the incubating Vector API the engine needs.
 */
enum SwarmService {
    PROFILER("profiler", 1, "768m"),
    QUANTIZER("quantizer", 2, "1g"),
    GGUF_ENCODER("gguf-encoder", 3, "1g"),
    GENERATOR("generator", 4, "1536m"),
    SCORER("scorer", 5, "768m"),
    STATS("stats", 6, "512m");

    /** Ports 8081..8086 by default; 8080 stays free for whatever else a developer runs. */
    static final int DEFAULT_BASE_PORT = 8080;

    private final String module;
    private final int portOffset;
    private final String heap;

    SwarmService(String module, int portOffset, String heap) {
        this.module = module;
        this.portOffset = portOffset;
        this.heap = heap;
    }

    String module() {
        return module;
    }

    int port(int basePort) {
        return basePort + portOffset;
    }

    /** JVM flags before {@code -jar}; HTTP port 0 picks a free one (extra replicas). */
    List<String> jvmFlags(int httpPort) {
        return List.of("-Xmx" + heap, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=" + httpPort);
    }
}
