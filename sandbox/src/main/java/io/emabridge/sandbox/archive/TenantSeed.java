package io.emabridge.sandbox.archive;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant to put into the archive sandbox directly (test set-up), bypassing the API.
 *
 * @param createdAt creation time; null means now
 */
public record TenantSeed(String slug, String name, TenantStatus status, long usersCount, long storageBytes,
		long messagesCount, Instant createdAt) {

	public TenantSeed {
		Objects.requireNonNull(slug, "slug");
		Objects.requireNonNull(status, "status");
		if (name == null) {
			name = slug;
		}
		if (usersCount < 0 || storageBytes < 0 || messagesCount < 0) {
			throw new IllegalArgumentException("usage figures must be >= 0");
		}
	}

	/** An active tenant without usage. */
	public static TenantSeed of(String slug, String name) {
		return new TenantSeed(slug, name, TenantStatus.ACTIVE, 0, 0, 0, null);
	}

	public TenantSeed withStatus(TenantStatus newStatus) {
		return new TenantSeed(slug, name, newStatus, usersCount, storageBytes, messagesCount, createdAt);
	}

	public TenantSeed withUsage(long users, long storage, long messages) {
		return new TenantSeed(slug, name, status, users, storage, messages, createdAt);
	}

	public TenantSeed withCreatedAt(Instant time) {
		return new TenantSeed(slug, name, status, usersCount, storageBytes, messagesCount, time);
	}
}
