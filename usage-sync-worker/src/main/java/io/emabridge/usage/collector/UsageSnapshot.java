package io.emabridge.usage.collector;

import java.time.Instant;
import java.util.Objects;

import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

/**
 * One tenant's usage as one collection saw it: the value of the compacted usage topic,
 * keyed by slug.
 *
 * @param slug the tenant
 * @param status the tenant's status as the archive reported it ({@code active},
 * {@code suspended}, ...)
 * @param activeUsers active user accounts
 * @param storageBytes archived storage
 * @param messages archived messages, {@code null} where the API does not give them
 * @param licenses {@code max(activeUsers, ceil(storageBytes / storage per license))}
 * @param collectedAt when the collector read these figures
 */
public record UsageSnapshot(String slug, String status, long activeUsers, long storageBytes, Long messages,
		long licenses, Instant collectedAt) {

	private static final long MEBIBYTE = 1024L * 1024L;

	public UsageSnapshot {
		if (slug == null || slug.isBlank()) {
			throw new IllegalArgumentException("slug is required");
		}
		if (activeUsers < 0 || storageBytes < 0 || licenses < 0 || (messages != null && messages < 0)) {
			throw new IllegalArgumentException("usage figures must not be negative");
		}
		Objects.requireNonNull(collectedAt, "collectedAt");
		status = (status != null) ? status : "unknown";
	}

	/**
	 * The figures that make a snapshot different from another; the collection time does
	 * not.
	 */
	public Figures figures() {
		return new Figures(this.status, this.activeUsers, this.storageBytes, this.messages, this.licenses);
	}

	/**
	 * Storage in whole megabytes (MiB), rounded up, as WHMCS's {@code diskusage} wants
	 * it.
	 */
	public long diskUsageMegabytes() {
		return megabytes(this.storageBytes);
	}

	private static long megabytes(long bytes) {
		return (bytes + MEBIBYTE - 1) / MEBIBYTE;
	}

	/** The compared part of a snapshot. */
	public record Figures(String status, long activeUsers, long storageBytes, Long messages, long licenses) {

		/**
		 * What WHMCS takes from these figures: disk usage in MB, active users and
		 * licenses (not the status, not the messages).
		 */
		public WrittenUsage whmcsUsage() {
			return new WrittenUsage(megabytes(this.storageBytes), this.activeUsers, this.licenses);
		}

	}
}
