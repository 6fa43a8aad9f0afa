package io.emabridge.sandbox.archive;

import java.time.Instant;

/**
 * A snapshot of one tenant of the archive sandbox.
 *
 * @param apiKeyId the id of the owning API key (see
 * {@link ArchiveSandbox#keyId(String)}), never the key itself
 * @param url {@code https://{slug}.{baseDomain}}
 */
public record ArchiveTenant(String slug, String name, TenantStatus status, long usersCount, long storageBytes,
		long messagesCount, Instant createdAt, String apiKeyId, String plan, String adminEmail, String adminName,
		String url) {

	public boolean deleted() {
		return this.status == TenantStatus.DELETED;
	}
}
