package io.emabridge.model.topic;

/**
 * Default topic names. Every service reads its actual names from configuration; these are
 * the defaults.
 */
public final class Topics {

	/** Service lifecycle events, key = WHMCS service id as a decimal string. */
	public static final String LIFECYCLE = "ema.lifecycle.v1";

	/** Lifecycle events that cannot be applied, with the reason in headers. */
	public static final String LIFECYCLE_DLT = LIFECYCLE + "-dlt";

	/** The tenant of each service (compacted), key = WHMCS service id. */
	public static final String TENANT_STATE = "ema.tenant-state.v1";

	/** Usage snapshots per tenant (compacted), key = tenant slug. */
	public static final String USAGE = "ema.usage.v1";

	/** Usage snapshots that could not be written into WHMCS. */
	public static final String USAGE_DLT = USAGE + "-dlt";

	private Topics() {
	}

}
