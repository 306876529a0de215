package dev.halftone.schemas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;

import static dev.halftone.schemas.FieldCheck.size;

/** Halftone's Kafka topics, loaded from the {@code topics.json} resource; each event type travels on exactly one topic. */
public record TopicCatalogue(String description, List<TopicSpec> topics) {
    public static final String RESOURCE = "topics.json";

    public TopicCatalogue {
        topics = List.copyOf(size("topics", topics, 1, 64));
        var types = EnumSet.noneOf(EventType.class);
        for (var spec : topics) {
            if (!types.add(spec.type())) {
                throw new IllegalArgumentException("event type " + spec.eventType() + " is on two topics; give it one");
            }
        }
        if (topics.stream().map(TopicSpec::topic).distinct().count() != topics.size()) {
            throw new IllegalArgumentException("a topic is listed twice in " + RESOURCE);
        }
        var missing = EnumSet.complementOf(types);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no topic carries " + missing + "; add it to " + RESOURCE);
        }
    }

    public static TopicCatalogue load() {
        try (var in = TopicCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath; the halftone-schemas jar is incomplete");
            }
            return new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, TopicCatalogue.class);
        } catch (ValueInstantiationException e) {
            throw new IllegalStateException(RESOURCE + ": " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }

    public TopicSpec topicFor(EventType type) {
        return topics.stream().filter(spec -> spec.type() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException("no topic for " + type.ceType()));
    }
}
