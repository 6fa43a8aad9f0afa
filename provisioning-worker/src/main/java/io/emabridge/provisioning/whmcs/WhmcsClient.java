package io.emabridge.provisioning.whmcs;

import io.emabridge.provisioning.failure.ProvisioningFailure;

/**
 * What the applier needs from WHMCS. Throws {@link ProvisioningFailure}, classified as
 * retriable or permanent.
 */
public interface WhmcsClient {

	/**
	 * Puts the tenant's slug (as the service's username and in its custom field) and
	 * access URL onto the service.
	 */
	void writeBack(long serviceId, String slug, String url);

}
