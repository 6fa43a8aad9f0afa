package io.emabridge.provisioning.drift;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.emabridge.model.archive.Tenant;

/**
 * Compares the three views of our services (WHMCS, the ledger, the archive's tenants) and
 * names each difference with what fixing would do about it. Plain Java: the views are
 * read elsewhere.
 * <p>
 * A service the ledger still has work for (an event being applied, a retry scheduled, a
 * write-back due) is "in progress", not drift: the applier is about to change the very
 * thing compared, so a run during normal traffic does not cry wolf.
 */
final class DriftFinder {

	private DriftFinder() {
	}

	static Findings find(Collection<WhmcsServiceView> whmcs, Collection<LedgerServiceView> ledger,
			Collection<Tenant> tenants) {
		Map<Long, LedgerServiceView> rows = new HashMap<>();
		Set<String> known = new HashSet<>();
		for (LedgerServiceView row : ledger) {
			rows.put(row.serviceId(), row);
			addIfPresent(known, row.slug());
			addIfPresent(known, row.slugCandidate());
		}
		Map<String, Tenant> bySlug = new HashMap<>();
		for (Tenant tenant : tenants) {
			if (tenant.slug() != null) {
				bySlug.put(tenant.slug(), tenant);
			}
		}
		List<Drift> drifts = new ArrayList<>();
		List<Long> inProgress = new ArrayList<>();
		List<WhmcsServiceView> services = whmcs.stream()
			.sorted(Comparator.comparingLong(WhmcsServiceView::serviceId))
			.toList();
		for (WhmcsServiceView service : services) {
			addIfPresent(known, service.slug());
			LedgerServiceView row = rows.get(service.serviceId());
			if (row != null && LedgerServiceView.PENDING.equals(row.work())) {
				inProgress.add(service.serviceId());
				continue;
			}
			compare(service, row, bySlug, drifts);
		}
		Set<Long> inWhmcs = new HashSet<>();
		services.forEach((service) -> inWhmcs.add(service.serviceId()));
		rows.values()
			.stream()
			.filter((row) -> !inWhmcs.contains(row.serviceId()) && row.slug() != null
					&& !LedgerServiceView.PENDING.equals(row.work()))
			.filter((row) -> bySlug.containsKey(row.slug()) && Tenant.ACTIVE.equals(status(bySlug.get(row.slug()))))
			.sorted(Comparator.comparingLong(LedgerServiceView::serviceId))
			.forEach((row) -> drifts.add(new Drift(DriftKind.SERVICE_MISSING_IN_WHMCS, row.serviceId(), row.slug(),
					null, row.summary(), Tenant.ACTIVE,
					"WHMCS lists no such service of our products, yet its tenant is active: terminate the service in"
							+ " WHMCS, or check ema.reconcile.product-ids",
					Remedy.NONE)));
		tenants.stream()
			.filter((tenant) -> tenant.slug() != null && !known.contains(tenant.slug()))
			.sorted(Comparator.comparing(Tenant::slug))
			.forEach((tenant) -> drifts
				.add(new Drift(DriftKind.TENANT_WITHOUT_SERVICE, null, tenant.slug(), null, null, status(tenant),
						"No WHMCS service and no ledger row knows this tenant; it is left as it is", Remedy.NONE)));
		return new Findings(List.copyOf(drifts), services.size(), bySlug.size(), List.copyOf(inProgress));
	}

	private static void compare(WhmcsServiceView service, LedgerServiceView row, Map<String, Tenant> bySlug,
			List<Drift> drifts) {
		long id = service.serviceId();
		String ledgerStatus = (row != null) ? row.summary() : null;
		if (row != null && LedgerServiceView.FAILED.equals(row.work())) {
			drifts.add(new Drift(DriftKind.DEAD_LETTERED, id, row.slug(), service.status(), ledgerStatus, null,
					"The worker dead-lettered this service (" + row.lastFailureReason()
							+ "): fix the cause, then replay its dead letters",
					Remedy.NONE));
			return;
		}
		boolean ledgerHasTenant = row != null && row.slug() != null;
		String slug = ledgerHasTenant ? row.slug() : service.slug();
		Tenant tenant = (slug != null) ? bySlug.get(slug) : null;
		WhmcsStatus wants = WhmcsStatus.of(service.status());
		if (tenant == null) {
			if (wants.tenantRequired()) {
				drifts.add(withoutTenant(service, row, slug, ledgerStatus, wants));
			}
			return;
		}
		String archiveStatus = status(tenant);
		if (wants.archiveStatus() != null && !wants.archiveStatus().equals(archiveStatus)) {
			String detail = "WHMCS says " + service.status() + ", so the tenant should be " + wants.archiveStatus()
					+ "; the archive has it " + archiveStatus;
			drifts.add(new Drift(DriftKind.STATUS_MISMATCH, id, slug, service.status(), ledgerStatus, archiveStatus,
					ledgerHasTenant ? detail + " (fix: " + wants.correction().wireName() + " event)"
							: detail + "; the ledger does not know the tenant, so no event can reach it",
					ledgerHasTenant ? Remedy.PUBLISH_STATUS : Remedy.NONE));
		}
		// a write-back still due is the applier's work in progress, not drift
		if (ledgerHasTenant && row.whmcsSynced() && !row.slug().equals(service.slug())) {
			drifts
				.add(new Drift(DriftKind.SLUG_MISMATCH, id, slug, service.status(), ledgerStatus, archiveStatus,
						"WHMCS shows slug '" + ((service.slug() != null) ? service.slug() : "")
								+ "' but the tenant is '" + slug + "' (slugs are immutable: the archive's wins)",
						Remedy.REARM_WRITE_BACK));
		}
	}

	private static Drift withoutTenant(WhmcsServiceView service, LedgerServiceView row, String slug,
			String ledgerStatus, WhmcsStatus wants) {
		String detail;
		Remedy remedy;
		if (row != null && row.slug() != null) {
			detail = "The ledger records tenant '" + slug + "' but the archive does not list it: restore it at the"
					+ " archive (a slug is never reused)";
			remedy = Remedy.NONE;
		}
		else if (row != null && row.hasCreateEvent()) {
			detail = "The ledger has the service's create event but no tenant";
			remedy = Remedy.REPUBLISH_CREATE;
		}
		else if (wants.isActive()) {
			detail = "No create event reached the worker";
			remedy = Remedy.MODULE_CREATE;
		}
		else {
			detail = "No create event reached the worker: run the module's Create, then Suspend, in WHMCS";
			remedy = Remedy.NONE;
		}
		return new Drift(DriftKind.SERVICE_WITHOUT_TENANT, service.serviceId(), slug, service.status(), ledgerStatus,
				null, detail, remedy);
	}

	private static String status(Tenant tenant) {
		return (tenant.status() != null) ? tenant.status().toLowerCase(Locale.ROOT) : "";
	}

	private static void addIfPresent(Set<String> slugs, String slug) {
		if (slug != null && !slug.isBlank()) {
			slugs.add(slug);
		}
	}

	/**
	 * What one comparison found.
	 *
	 * @param drifts the differences: WHMCS services by id, then ledger rows WHMCS lacks,
	 * then tenants by slug
	 * @param services WHMCS services compared
	 * @param tenants archive tenants compared
	 * @param inProgress services left out because the ledger still has work for them
	 */
	record Findings(List<Drift> drifts, int services, int tenants, List<Long> inProgress) {
	}

}
