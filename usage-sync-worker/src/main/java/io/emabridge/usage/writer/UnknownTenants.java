package io.emabridge.usage.writer;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Snapshots of tenants that no WHMCS service is known for: kept (the newest per tenant),
 * counted and listed for operators, and handed back once a tenant state names the tenant,
 * so that none is dropped.
 */
public interface UnknownTenants {

	/**
	 * Keeps the snapshot in place of the tenant's kept one; true when the tenant was not
	 * known as unknown before (worth a log line).
	 */
	boolean record(String slug, byte[] snapshot);

	int count();

	/** The first {@code limit} unknown tenants, the longest unknown first. */
	List<Unknown> list(int limit);

	/** The kept snapshots of those of these tenants that were unknown. */
	Map<String, byte[]> snapshotsOf(Collection<String> slugs);

	/** Forgets a tenant's kept snapshot, unless a newer one was kept meanwhile. */
	void forget(String slug, byte[] snapshot);

	/** One unknown tenant, for operators. */
	record Unknown(String slug, Instant firstSeen, Instant lastSeen, int snapshots) {
	}

}
