package io.emabridge.provisioning.drift;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the reconciler does about one drift when fixing: always through the normal path,
 * never a deletion.
 */
public enum Remedy {

	/**
	 * Nothing can be done automatically: the report says what an administrator should
	 * look at.
	 */
	NONE,
	/** The ledger's stored create event, published again as a new create event. */
	REPUBLISH_CREATE,
	/**
	 * WHMCS is asked to run the module's Create, which publishes a create event through
	 * the gateway.
	 */
	MODULE_CREATE,
	/**
	 * A lifecycle event for the WHMCS status (unsuspend, suspend or terminate) is
	 * published.
	 */
	PUBLISH_STATUS,
	/**
	 * The ledger's WHMCS write-back is due again: the applier writes the tenant's slug
	 * and URL into WHMCS.
	 */
	REARM_WRITE_BACK,
	/**
	 * The tenant named by the service's "Archive slug" field is recorded in the ledger as
	 * the service's, with that field as the evidence; its recorded events apply at once.
	 */
	ADOPT;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
