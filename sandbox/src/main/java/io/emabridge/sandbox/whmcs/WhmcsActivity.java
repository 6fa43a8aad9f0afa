package io.emabridge.sandbox.whmcs;

import java.time.Instant;

/**
 * One line of the WHMCS admin activity log.
 *
 * @param clientId the client the line is about, or null
 * @param user who wrote it: the API identifier, or {@code System} for lines the sandbox
 * writes itself
 */
public record WhmcsActivity(long id, Instant time, String description, Long clientId, String user) {
}
