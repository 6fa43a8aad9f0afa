package io.emabridge.provisioning.ledger;

/**
 * The service is no longer claimed by this instance (its lease ran out and another
 * instance took it over), so this instance must stop driving it: the other one carries on
 * from the ledger.
 */
public class LeaseLostException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public LeaseLostException(long serviceId) {
		super("Lost the lease on service " + serviceId, null, false, false);
	}

}
