package io.emabridge.provisioning.welcome;

/**
 * A welcome e-mail taken to be sent: marked as being sent before the call.
 *
 * @param serviceId the WHMCS service, the template's related id
 * @param slug the tenant's slug ({@code archive_slug})
 * @param url the tenant's access URL ({@code archive_url})
 * @param attempts attempts so far, this one included
 */
record WelcomeEmail(long serviceId, String slug, String url, int attempts) {
}
