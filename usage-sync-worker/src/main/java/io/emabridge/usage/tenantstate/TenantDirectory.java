package io.emabridge.usage.tenantstate;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which WHMCS service each tenant belongs to, as the tenant state topic says. Newest wins
 * per service: a record older (by its event's time, then its write time) than the one
 * held is ignored.
 */
public interface TenantDirectory {

	/**
	 * Applies the records (newest wins); returns how many were applied, the rest were
	 * stale.
	 */
	int apply(List<TenantStateRecord> records);

	/**
	 * The services of each of these tenants that has any, each tenant's in ascending
	 * order; a tenant no tenant state names is absent.
	 */
	Map<String, List<Long>> servicesOf(Collection<String> slugs);

}
