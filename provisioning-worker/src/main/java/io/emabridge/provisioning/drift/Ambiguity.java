package io.emabridge.provisioning.drift;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a service that seems to have a tenant cannot be adopted: the evidence does not
 * single out one tenant for one service. Each is reported and left as it is until a
 * person decides.
 */
public enum Ambiguity {

	/** Two or more WHMCS services name the same tenant in their "Archive slug" field. */
	SLUG_NAMED_TWICE,
	/**
	 * The tenant the field names is already another service's in the ledger, or reserved
	 * for another service's create.
	 */
	SLUG_OWNED_BY_ANOTHER,
	/**
	 * The "Archive slug" field is empty while the service's username names a tenant:
	 * WHMCS fills the username in from the domain, so it proves nothing.
	 */
	SLUG_FIELD_EMPTY;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
