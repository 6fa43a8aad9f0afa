package io.emabridge.provisioning.drift;

import java.time.Duration;
import java.time.Instant;
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
 * thing compared, so a run during normal traffic does not cry wolf. Events that wait for
 * a create are the exception: the applier cannot do anything about them, so they are in
 * progress only until {@code ema.worker.missing-create-after}, and then
 * {@link DriftKind#WAITING_FOR_CREATE}.
 * <p>
 * A service the ledger owns no tenant for, whose WHMCS "Archive slug" field names a
 * tenant under our key, is {@link DriftKind#UNTRACKED_SERVICE}: the inline module (or a
 * person) made that tenant for it, and the field is the evidence that adopts it. It is
 * adopted only when the evidence singles out one tenant for one service; otherwise it is
 * {@link DriftKind#OWNERSHIP_AMBIGUOUS}, with the reason ({@link Ambiguity}). A slug
 * collision is never proof, and neither is a username.
 */
final class DriftFinder {

	private DriftFinder() {
	}

	static Findings find(Collection<WhmcsServiceView> whmcs, Collection<LedgerServiceView> ledger,
			Collection<Tenant> tenants, Rules rules) {
		Map<Long, LedgerServiceView> rows = new HashMap<>();
		// a slug the ledger holds (a tenant, or a reservation for a create) and whose it
		// is
		Map<String, Long> holders = new HashMap<>();
		Set<String> known = new HashSet<>();
		for (LedgerServiceView row : ledger) {
			rows.put(row.serviceId(), row);
			addIfPresent(known, row.slug());
			addIfPresent(known, row.slugCandidate());
			if (row.slug() != null) {
				holders.put(row.slug(), row.serviceId());
			}
		}
		for (LedgerServiceView row : ledger) {
			if (row.slugCandidate() != null) {
				holders.putIfAbsent(row.slugCandidate(), row.serviceId());
			}
		}
		Map<String, Tenant> bySlug = new HashMap<>();
		for (Tenant tenant : tenants) {
			if (tenant.slug() != null) {
				bySlug.put(tenant.slug(), tenant);
			}
		}
		List<WhmcsServiceView> services = whmcs.stream()
			.sorted(Comparator.comparingLong(WhmcsServiceView::serviceId))
			.toList();
		// which services' slug fields name each slug
		Map<String, List<Long>> named = new HashMap<>();
		for (WhmcsServiceView service : services) {
			if (service.slug() != null) {
				known.add(service.slug());
				named.computeIfAbsent(service.slug(), (slug) -> new ArrayList<>()).add(service.serviceId());
			}
		}
		Evidence evidence = new Evidence(bySlug, holders, named, known);
		List<Drift> drifts = new ArrayList<>();
		List<Long> inProgress = new ArrayList<>();
		Set<String> namedByUsername = new HashSet<>();
		for (WhmcsServiceView service : services) {
			LedgerServiceView row = rows.get(service.serviceId());
			if (row == null || row.untracked()) {
				Drift untracked = untracked(service, row, evidence);
				if (untracked != null) {
					drifts.add(untracked);
					if (untracked.ambiguity() == Ambiguity.SLUG_FIELD_EMPTY) {
						namedByUsername.add(untracked.slug());
					}
					continue;
				}
				if (row != null && row.waitingForCreate()) {
					if (rules.overdue(row)) {
						drifts.add(waiting(service, row, bySlug, rules));
					}
					else {
						inProgress.add(service.serviceId());
					}
					continue;
				}
			}
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
			.filter((row) -> !inWhmcs.contains(row.serviceId()))
			.sorted(Comparator.comparingLong(LedgerServiceView::serviceId))
			.forEach((row) -> {
				if (row.waitingForCreate() && rules.overdue(row)) {
					drifts.add(waiting(null, row, bySlug, rules));
				}
				else if (row.slug() != null && !LedgerServiceView.PENDING.equals(row.work())
						&& bySlug.containsKey(row.slug()) && Tenant.ACTIVE.equals(status(bySlug.get(row.slug())))) {
					drifts.add(new Drift(DriftKind.SERVICE_MISSING_IN_WHMCS, row.serviceId(), row.slug(), null,
							row.summary(), Tenant.ACTIVE,
							"WHMCS lists no such service of our products, yet its tenant is active: terminate the"
									+ " service in WHMCS, or check ema.reconcile.product-ids",
							Remedy.NONE));
				}
			});
		tenants.stream()
			.filter((tenant) -> tenant.slug() != null && !known.contains(tenant.slug())
					&& !namedByUsername.contains(tenant.slug()))
			.sorted(Comparator.comparing(Tenant::slug))
			.forEach((tenant) -> drifts
				.add(new Drift(DriftKind.TENANT_WITHOUT_SERVICE, null, tenant.slug(), null, null, status(tenant),
						"No WHMCS service and no ledger row knows this tenant; it is left as it is", Remedy.NONE)));
		return new Findings(List.copyOf(drifts), services.size(), bySlug.size(), List.copyOf(inProgress));
	}

	/**
	 * Whether the applier has work for a ledger row that may change what was compared:
	 * anything pending, except events waiting for a create, which only an adoption or the
	 * create itself moves on.
	 */
	static boolean busy(LedgerServiceView row) {
		return LedgerServiceView.PENDING.equals(row.work()) && !row.untracked();
	}

	/**
	 * A service, Active or Suspended in WHMCS, that the ledger owns no tenant for, looked
	 * at for a tenant it might own: adoptable, ambiguous, or {@code null} when nothing
	 * names a tenant (the service is then compared as usual).
	 */
	private static Drift untracked(WhmcsServiceView service, LedgerServiceView row, Evidence evidence) {
		WhmcsStatus wants = WhmcsStatus.of(service.status());
		if (!wants.tenantRequired()) {
			return null;
		}
		long id = service.serviceId();
		String ledgerStatus = (row != null) ? row.summary() : null;
		String waits = (row != null && row.waitingForCreate())
				? " Its recorded events (newest: " + row.desiredStatus() + ") wait meanwhile." : "";
		String slug = service.slug();
		if (slug == null) {
			String username = (service.username() != null) ? service.username().toLowerCase(Locale.ROOT) : null;
			Tenant tenant = (username != null) ? evidence.bySlug().get(username) : null;
			if (tenant == null || evidence.known().contains(username)) {
				return null;
			}
			return new Drift(DriftKind.OWNERSHIP_AMBIGUOUS, id, username, service.status(), ledgerStatus,
					status(tenant),
					"The Archive slug field is empty; the service's username '" + service.username()
							+ "' names a tenant, but WHMCS fills the username in from the domain, so it proves nothing:"
							+ " if the tenant is this service's, put '" + username
							+ "' in its Archive slug field and run reconcile --fix." + waits,
					Remedy.NONE, Ambiguity.SLUG_FIELD_EMPTY);
		}
		Tenant tenant = evidence.bySlug().get(slug);
		if (tenant == null) {
			return null;
		}
		Long holder = evidence.holders().get(slug);
		if (holder != null) {
			return new Drift(DriftKind.OWNERSHIP_AMBIGUOUS, id, slug, service.status(), ledgerStatus, status(tenant),
					"The Archive slug field names tenant '" + slug + "', which the ledger already holds for service #"
							+ holder + ": correct this service's field (a tenant belongs to one service)." + waits,
					Remedy.NONE, Ambiguity.SLUG_OWNED_BY_ANOTHER);
		}
		List<Long> naming = evidence.named().getOrDefault(slug, List.of());
		if (naming.size() > 1) {
			List<String> others = naming.stream().filter((other) -> other != id).map((other) -> "#" + other).toList();
			return new Drift(DriftKind.OWNERSHIP_AMBIGUOUS, id, slug, service.status(), ledgerStatus, status(tenant),
					"The Archive slug field names tenant '" + slug + "', and so does that of service "
							+ String.join(", ", others) + ": clear the field of the services it is not for." + waits,
					Remedy.NONE, Ambiguity.SLUG_NAMED_TWICE);
		}
		String then;
		if (row != null && row.waitingForCreate()) {
			then = "; its recorded events (newest: " + row.desiredStatus() + ") then apply";
		}
		else if (wants.archiveStatus().equals(status(tenant))) {
			then = "";
		}
		else {
			then = "; then a " + wants.correction().wireName() + " event brings the tenant to " + wants.archiveStatus();
		}
		return new Drift(DriftKind.UNTRACKED_SERVICE, id, slug, service.status(), ledgerStatus, status(tenant),
				"The Archive slug field names tenant '" + slug + "', which the ledger does not own yet: fixing adopts"
						+ " it" + then,
				Remedy.ADOPT);
	}

	/**
	 * Events that have waited too long for a create, of a service listed in WHMCS or,
	 * with {@code service} null, of one it does not list.
	 */
	private static Drift waiting(WhmcsServiceView service, LedgerServiceView row, Map<String, Tenant> bySlug,
			Rules rules) {
		String field = (service != null) ? service.slug() : null;
		String why;
		if (service == null) {
			why = "WHMCS does not list the service among our products (check ema.reconcile.product-ids); ";
		}
		else if (field != null && !bySlug.containsKey(field)) {
			why = "its Archive slug field names '" + field + "', which the archive does not list under our key; ";
		}
		else if (!WhmcsStatus.of(service.status()).tenantRequired()) {
			why = "only Active and Suspended services are adopted; ";
		}
		else {
			why = "";
		}
		return new Drift(DriftKind.WAITING_FOR_CREATE, row.serviceId(), field,
				(service != null) ? service.status() : null, row.summary(), null,
				"Its events (newest: " + row.desiredStatus() + ") have waited since " + row.firstSeenAt()
						+ ", longer than " + rules.missingCreateAfter() + ", for a create that never came; " + why
						+ "if the service has a tenant, put its slug in the Archive slug field and run reconcile"
						+ " --fix to adopt it, otherwise run the module's Create in WHMCS",
				Remedy.NONE);
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
		else if (slug != null) {
			// a Create now would make another tenant and write its slug over the field
			detail = "The Archive slug field names '" + slug + "', which the archive does not list under our key:"
					+ " restore the tenant at the archive, or correct the field; clear it and run the module's Create"
					+ " only if the service never had a tenant";
			remedy = Remedy.NONE;
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
	 * What an adoption may rest on: the tenants by slug, the ledger's slugs and
	 * reservations with their services, the WHMCS services naming each slug, and every
	 * slug anything knows.
	 */
	private record Evidence(Map<String, Tenant> bySlug, Map<String, Long> holders, Map<String, List<Long>> named,
			Set<String> known) {
	}

	/**
	 * The settings a comparison needs.
	 *
	 * @param now the time of the comparison
	 * @param missingCreateAfter how long events may wait for a create before that is
	 * drift ({@code ema.worker.missing-create-after})
	 */
	record Rules(Instant now, Duration missingCreateAfter) {

		boolean overdue(LedgerServiceView row) {
			return row.firstSeenAt() != null && !row.firstSeenAt().plus(this.missingCreateAfter).isAfter(this.now);
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
