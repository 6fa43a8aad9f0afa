package io.emabridge.usage.collector;

import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;

/** The reseller account's tenants, as the archive API lists them. */
public interface TenantSource {

	/** One page of the tenant list, pages counted from 1. */
	TenantPage page(int page);

	/** One tenant's usage, for list answers that carry none. */
	TenantUsage usage(String slug);

}
