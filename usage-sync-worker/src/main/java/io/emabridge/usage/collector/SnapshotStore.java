package io.emabridge.usage.collector;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The figures last published per tenant and whether WHMCS holds them, and each run's
 * progress.
 */
public interface SnapshotStore {

	/** The last published figures of those of these tenants that have any. */
	Map<String, Last> lastFigures(Collection<String> slugs);

	/**
	 * Records, atomically, that a page was done: the snapshots published for it become
	 * the tenants' last figures, and the run's counters move on. A run that dies before
	 * this leaves the page as if never collected.
	 * @throws LostClaimException recording nothing, when the run is no longer
	 * {@code running} or its instance no longer holds the collector lock
	 */
	void recordPage(RunClaim claim, List<UsageSnapshot> published, PageCounts counts);

	/** A tenant's last published figures, and whether WHMCS holds them. */
	record Last(UsageSnapshot.Figures figures, Delivery delivery) {
	}

	/** What became of a page's tenants. */
	record PageCounts(int tenants, int changed, int resent, int unchanged) {
	}

}
