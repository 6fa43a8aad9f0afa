package io.emabridge.publisher.kafka;

/** Where Kafka stored an acknowledged record. */
public record Published(String topic, int partition, long offset) {
}
