package io.emabridge.usage.collector;

import java.util.Collection;

import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

/**
 * Whether WHMCS holds a tenant's last published figures. Kafka's acknowledgement only
 * says that the writer will see a snapshot; the writer may still give up on it (WHMCS
 * down past the give-up time: a dead letter). So a snapshot counts as delivered only once
 * every WHMCS service of the tenant holds what WHMCS takes from it, and the next run
 * publishes the figures again, changed or not, until it does.
 */
public enum Delivery {

	/** Every WHMCS service of the tenant holds these figures. */
	DELIVERED,

	/**
	 * No WHMCS service is known for the tenant and the writer keeps its snapshot: it is
	 * published again when a tenant state names the tenant, not by every run.
	 */
	KEPT_FOR_UNKNOWN_SERVICE,

	/**
	 * Not in WHMCS: the writer gave up on it or has not written it (yet). Published again
	 * by the next run.
	 */
	UNDELIVERED;

	/**
	 * Where a tenant's last published figures stand with WHMCS.
	 * @param figures the tenant's last published figures
	 * @param services how many WHMCS services the tenant has
	 * @param held what WHMCS was last given, for those of its services that were given
	 * anything
	 * @param kept whether the writer keeps the tenant's snapshot for want of a service
	 */
	static Delivery of(UsageSnapshot.Figures figures, int services, Collection<WrittenUsage> held, boolean kept) {
		if (services == 0) {
			return kept ? KEPT_FOR_UNKNOWN_SERVICE : UNDELIVERED;
		}
		WrittenUsage expected = figures.whmcsUsage();
		boolean all = held.size() == services && held.stream().allMatch(expected::equals);
		return all ? DELIVERED : UNDELIVERED;
	}

	/**
	 * Whether the next run publishes the figures again even though they did not change.
	 */
	boolean resend() {
		return this == UNDELIVERED;
	}

}
