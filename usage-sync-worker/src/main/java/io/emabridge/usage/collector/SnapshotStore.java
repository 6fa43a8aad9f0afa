package io.emabridge.usage.collector;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The figures last published per tenant, and each run's progress. */
public interface SnapshotStore {

	/** The last published figures of those of these tenants that have any. */
	Map<String, UsageSnapshot.Figures> lastFigures(Collection<String> slugs);

	/**
	 * Records, atomically, that a page was done: the snapshots published for it become
	 * the tenants' last figures, and the run's counters move on. A run that dies before
	 * this leaves the page as if never collected.
	 */
	void recordPage(long runId, List<UsageSnapshot> published, int tenants, int unchanged);

}
