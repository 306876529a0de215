package dev.halftone.stack;

import org.apache.kafka.common.utils.AppInfoParser;

/** The broker version: the same as the kafka-clients on this classpath, which the build pins to the broker's. */
final class KafkaVersion {
    static final String VALUE = AppInfoParser.getVersion();

    private KafkaVersion() {
    }
}
