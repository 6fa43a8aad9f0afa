package io.emabridge.sandbox.whmcs;

import java.time.Instant;
import java.util.Map;

/**
 * An e-mail WHMCS sent from a template ({@code SendEmail}): what a test or an operator of
 * the local stack checks instead of a mailbox.
 *
 * @param template the template's name ({@code messagename})
 * @param relatedId the related id: for a product template, the service id
 * @param clientId the client it went to (the service's), or null when unknown
 * @param variables the custom variables it was sent with ({@code customvars})
 */
public record WhmcsEmail(long id, Instant time, String template, long relatedId, Long clientId,
		Map<String, String> variables) {
}
