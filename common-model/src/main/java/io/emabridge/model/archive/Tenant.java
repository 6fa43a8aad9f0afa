package io.emabridge.model.archive;

import java.util.Locale;

/**
 * A tenant as the archive API shows it. Either documented shape is read into this record;
 * what an answer leaves out is {@code null}.
 *
 * @param slug the tenant's immutable name
 * @param name display name (the shorter public page calls it {@code company_name})
 * @param status {@code active}, {@code suspended} or whatever else the service reports,
 * lower case
 * @param plan the plan, when the answer names one
 * @param url the access URL, when the answer carries one
 * @param createdAt creation time as the service wrote it
 * @param usage usage figures, when the answer carries them (flat or nested under
 * {@code usage})
 */
public record Tenant(String slug, String name, String status, String plan, String url, String createdAt,
		TenantUsage usage) {

	public static final String ACTIVE = "active";

	public static final String SUSPENDED = "suspended";

	public boolean isActive() {
		return ACTIVE.equals(normalized());
	}

	public boolean isSuspended() {
		return SUSPENDED.equals(normalized());
	}

	private String normalized() {
		return (this.status != null) ? this.status.toLowerCase(Locale.ROOT) : "";
	}
}
