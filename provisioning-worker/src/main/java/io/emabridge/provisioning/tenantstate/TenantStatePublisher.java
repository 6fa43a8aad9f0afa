package io.emabridge.provisioning.tenantstate;

/**
 * Publishes tenant states; throws when the record was not acknowledged, so that it is
 * published again later.
 */
public interface TenantStatePublisher {

	void publish(TenantState state);

}
