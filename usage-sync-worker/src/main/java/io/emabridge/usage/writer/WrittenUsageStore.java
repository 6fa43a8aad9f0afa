package io.emabridge.usage.writer;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

/**
 * What was last written into each WHMCS service, and from which snapshot: what the writer
 * compares a snapshot with before it calls WHMCS, and what tells the collector that WHMCS
 * holds a tenant's figures.
 */
public interface WrittenUsageStore {

	/** What each of these services was last given, for those that were given anything. */
	Map<Long, Written> find(Collection<Long> serviceIds);

	/** Records writes, each replacing what its service was given before. */
	void recordAll(List<Write> writes);

	/** The figures written, and the collection time of the snapshot they came from. */
	record Written(WrittenUsage usage, Instant collectedAt) {
	}

	/** One write into one service. */
	record Write(long serviceId, String slug, Written written) {
	}

}
