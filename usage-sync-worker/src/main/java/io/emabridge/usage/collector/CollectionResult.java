package io.emabridge.usage.collector;

/** What one collection run did. */
public record CollectionResult(int pages, int tenants, int changed, int unchanged) {
}
