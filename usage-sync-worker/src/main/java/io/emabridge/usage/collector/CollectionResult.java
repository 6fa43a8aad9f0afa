package io.emabridge.usage.collector;

/**
 * What one collection run did.
 *
 * @param pages pages recorded
 * @param tenants tenants read
 * @param changed tenants whose figures changed: published
 * @param resent tenants whose figures did not change but that WHMCS does not hold:
 * published again
 * @param unchanged tenants whose figures WHMCS holds (or keeps for a service yet
 * unknown): not published
 */
public record CollectionResult(int pages, int tenants, int changed, int resent, int unchanged) {
}
