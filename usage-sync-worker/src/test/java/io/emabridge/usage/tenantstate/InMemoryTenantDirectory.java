package io.emabridge.usage.tenantstate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant directory in memory, for plain-Java tests; it passes the directory's
 * contract as the PostgreSQL one does.
 */
public final class InMemoryTenantDirectory implements TenantDirectory {

	private static final Comparator<TenantStateRecord> OLDEST_FIRST = Comparator
		.comparing(TenantStateRecord::occurredAt)
		.thenComparing(TenantStateRecord::updatedAt);

	/** By service id, so that each tenant's services come in ascending order. */
	private final Map<Long, TenantStateRecord> services = new TreeMap<>();

	@Override
	public synchronized int apply(List<TenantStateRecord> records) {
		int applied = 0;
		for (TenantStateRecord record : records) {
			TenantStateRecord held = this.services.get(record.serviceId());
			if (held == null || OLDEST_FIRST.compare(record, held) >= 0) {
				this.services.put(record.serviceId(), record);
				applied++;
			}
		}
		return applied;
	}

	@Override
	public synchronized Map<String, List<Long>> servicesOf(Collection<String> slugs) {
		Map<String, List<Long>> found = new HashMap<>();
		for (TenantStateRecord record : this.services.values()) {
			if (slugs.contains(record.slug())) {
				found.computeIfAbsent(record.slug(), (slug) -> new ArrayList<>()).add(record.serviceId());
			}
		}
		return found;
	}

}
