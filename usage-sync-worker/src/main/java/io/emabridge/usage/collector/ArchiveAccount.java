package io.emabridge.usage.collector;

import java.util.Objects;

/**
 * One reseller account of the archive, whose tenants every run collects: a key sees only
 * its own account's tenants. Slugs are unique across every account, so the tenants of all
 * accounts share the usage topic and the worker's tables, keyed by slug.
 *
 * @param id the account's name in logs, metrics and run records: {@code default}, or the
 * id of its WHMCS server record
 * @param key a short fingerprint of its API key, never the key
 * @param source its tenants
 */
public record ArchiveAccount(String id, String key, TenantSource source) {

	public ArchiveAccount {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(source, "source");
	}

}
