package dev.halftone.generator;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** halftone.generator.backend and .device as SmallRye Config reads them from properties or the environment. */
class GeneratorConfigTest {

    private static GeneratorConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GeneratorConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())  // Quarkus' "10s" form
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(GeneratorConfig.class);
    }

    @Test
    void backendDefaultsToAuto() {
        assertEquals(GeneratorBackend.AUTO, read(Map.of()).backend());
    }

    @Test
    void backendReadsEachValue() {
        assertEquals(GeneratorBackend.CPU, read(Map.of("halftone.generator.backend", "cpu")).backend());
        assertEquals(GeneratorBackend.CUDA, read(Map.of("halftone.generator.backend", "cuda")).backend());
        assertEquals(GeneratorBackend.AUTO, read(Map.of("halftone.generator.backend", "auto")).backend());
    }

    @Test
    void deviceIsUnsetUnlessGiven() {
        assertEquals(Optional.empty(), read(Map.of()).device());
        assertEquals(Optional.of("rtx-3090-a"), read(Map.of("halftone.generator.device", "rtx-3090-a")).device());
    }

    @Test
    void aBadBackendNamesTheSettingAndTheAllowedValues() {
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> read(Map.of("halftone.generator.backend", "gpu")));
        String message = error.getMessage();
        assertTrue(message.contains("halftone.generator.backend"), message);
        assertTrue(message.contains("gpu"), message);
        assertTrue(message.contains("cpu") && message.contains("cuda") && message.contains("auto"), message);
    }
}
