package io.emabridge.provisioning.drift;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The ways WHMCS, the ledger and the archive can disagree about a service or a tenant.
 */
public enum DriftKind {

	/**
	 * A tenant under our reseller key that no WHMCS service and no ledger row knows.
	 * Reported only: never deleted.
	 */
	TENANT_WITHOUT_SERVICE,
	/** A WHMCS service that is Active or Suspended, with no tenant at the archive. */
	SERVICE_WITHOUT_TENANT,
	/**
	 * The tenant's status at the archive is not what the WHMCS service's status asks for.
	 */
	STATUS_MISMATCH,
	/** The WHMCS "Archive slug" field does not show the slug of the service's tenant. */
	SLUG_MISMATCH,
	/**
	 * The ledger drives an active tenant for a service that WHMCS does not list (deleted,
	 * or moved to a product that is not ours): a tenant nobody is billed for. Reported
	 * only: whether to terminate is the reseller's decision.
	 */
	SERVICE_MISSING_IN_WHMCS,
	/**
	 * The worker gave up on the service (dead-lettered); a replay of its events or a new
	 * event restarts it.
	 */
	DEAD_LETTERED,
	/**
	 * A WHMCS service, Active or Suspended, whose "Archive slug" field names a tenant
	 * under our key that the ledger does not own yet: a service of the inline module (or
	 * one whose tenant was made by hand). Fixing adopts the tenant: ownership is recorded
	 * with the field as its evidence, and the service's newest intent applies.
	 */
	UNTRACKED_SERVICE,
	/**
	 * A service that looks like it owns a tenant, without proof that it does (see
	 * {@link Ambiguity}): reported with the reason, never adopted.
	 */
	OWNERSHIP_AMBIGUOUS,
	/**
	 * A service whose events have waited longer than
	 * {@code ema.worker.missing-create-after} for a create, with no tenant the ledger
	 * owns: they apply once the service is adopted or its create arrives.
	 */
	WAITING_FOR_CREATE;

	/** The name in reports and in the {@code kind} tag of metrics. */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
