package io.emabridge.sandbox.archive;

import java.util.Locale;

/** Status of an archive tenant, as the API spells it. */
public enum TenantStatus {

	ACTIVE, SUSPENDED, DELETED;

	/** The API spelling: {@code active}, {@code suspended}, {@code deleted}. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static TenantStatus fromWire(String value) {
		return valueOf(value.trim().toUpperCase(Locale.ROOT));
	}

}
