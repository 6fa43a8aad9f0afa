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
		return new TenantSeed(this.slug, this.name, newStatus, this.usersCount, this.storageBytes, this.messagesCount,
				this.createdAt);
	}

	public TenantSeed withUsage(long users, long storage, long messages) {
		return new TenantSeed(this.slug, this.name, this.status, users, storage, messages, this.createdAt);
	}

	public TenantSeed withCreatedAt(Instant time) {
		return new TenantSeed(this.slug, this.name, this.status, this.usersCount, this.storageBytes, this.messagesCount,
				time);
	}
}
