package io.emabridge.usage.writer;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What was written into each WHMCS service, in memory, for the writer's plain-Java tests;
 * it passes the store's contract as the PostgreSQL one does. {@link #failNextRecord}
 * makes the next {@link #recordAll} fail, as a database that went away would.
 */
final class InMemoryWrittenUsageStore implements WrittenUsageStore {

	private final Map<Long, Written> services = new HashMap<>();

	/** Thrown, once, by the next {@link #recordAll} with writes in it. */
	RuntimeException failNextRecord;

	@Override
	public synchronized Map<Long, Written> find(Collection<Long> serviceIds) {
		Map<Long, Written> found = new HashMap<>();
		for (long serviceId : serviceIds) {
			Written written = this.services.get(serviceId);
			if (written != null) {
				found.put(serviceId, written);
			}
		}
		return found;
	}

	@Override
	public synchronized void recordAll(List<Write> writes) {
		if (writes.isEmpty()) {
			return;
		}
		if (this.failNextRecord != null) {
			RuntimeException failure = this.failNextRecord;
			this.failNextRecord = null;
			throw failure;
		}
		writes.forEach((write) -> this.services.put(write.serviceId(), write.written()));
	}

	/** What the service holds as recorded, or null. */
	synchronized Written of(long serviceId) {
		return this.services.get(serviceId);
	}

}
