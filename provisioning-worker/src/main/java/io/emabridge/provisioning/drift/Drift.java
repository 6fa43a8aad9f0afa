package io.emabridge.provisioning.drift;

/**
 * One difference between the three views.
 *
 * @param kind what kind of difference
 * @param serviceId the WHMCS service, {@code null} for a tenant that no service knows
 * @param slug the tenant concerned, {@code null} when there is none
 * @param whmcsStatus the service's status in WHMCS, {@code null} when WHMCS has no such
 * service
 * @param ledgerStatus the ledger's view ({@code desired/applied/work}), {@code null} when
 * the ledger has no row
 * @param archiveStatus the tenant's status at the archive, {@code null} when there is no
 * tenant
 * @param detail what differs, in words, for the administrator
 * @param remedy what fixing does about it
 * @param ambiguity why ownership is not proven, for
 * {@link DriftKind#OWNERSHIP_AMBIGUOUS}; {@code null} otherwise
 */
public record Drift(DriftKind kind, Long serviceId, String slug, String whmcsStatus, String ledgerStatus,
		String archiveStatus, String detail, Remedy remedy, Ambiguity ambiguity) {

	public Drift(DriftKind kind, Long serviceId, String slug, String whmcsStatus, String ledgerStatus,
			String archiveStatus, String detail, Remedy remedy) {
		this(kind, serviceId, slug, whmcsStatus, ledgerStatus, archiveStatus, detail, remedy, null);
	}

	public boolean fixable() {
		return this.remedy != Remedy.NONE;
	}
}
