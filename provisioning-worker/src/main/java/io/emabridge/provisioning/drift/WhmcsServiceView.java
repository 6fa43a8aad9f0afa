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
 */
record WhmcsServiceView(long serviceId, long clientId, long productId, String status, String slug) {
}
