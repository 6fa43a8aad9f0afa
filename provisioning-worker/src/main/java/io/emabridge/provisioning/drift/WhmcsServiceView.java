package io.emabridge.provisioning.drift;

/**
 * A WHMCS service of our module, as the reconciler compares it.
 *
 * @param serviceId the service id
 * @param clientId the owning client
 * @param productId the product
 * @param status WHMCS's status ({@code Active}, {@code Suspended}, {@code Terminated},
 * ...)
 * @param slug the "Archive slug" custom field, {@code null} when empty
 * @param username the service's username, {@code null} when empty; WHMCS fills it in from
 * the domain, so it is never proof of a tenant
 */
record WhmcsServiceView(long serviceId, long clientId, long productId, String status, String slug, String username) {

	WhmcsServiceView(long serviceId, long clientId, long productId, String status, String slug) {
		this(serviceId, clientId, productId, status, slug, null);
	}

}
