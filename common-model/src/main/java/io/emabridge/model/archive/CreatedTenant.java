package io.emabridge.model.archive;

/**
 * The answer to a create request, from either documented shape.
 *
 * @param slug the tenant's slug as the service reports it (the requested one when the
 * answer omits it)
 * @param url the access URL when the answer carries one, else {@code null}: then it is
 * {@code https://{slug}.{reseller base domain}}
 * @param status the tenant's status, normally {@code active}
 */
public record CreatedTenant(String slug, String url, String status) {
}
