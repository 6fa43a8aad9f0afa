package io.emabridge.provisioning.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.lifecycle.EventType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The comparison of the three views, without WHMCS, a database or the archive. */
class DriftFinderTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final DriftFinder.Rules RULES = new DriftFinder.Rules(NOW, Duration.ofMinutes(15));

	@Test
	void aServiceThatAgreesEverywhereIsNoDrift() {
		DriftFinder.Findings findings = find(List.of(whmcs(1, "Active", "acme")), List.of(ledger(1, "acme", "idle")),
				List.of(tenant("acme", "active")));

		assertThat(findings.drifts()).isEmpty();
		assertThat(findings.services()).isEqualTo(1);
		assertThat(findings.tenants()).isEqualTo(1);
	}

	@Test
	void namesEachKindOnceWithWhatFixingWouldDo() {
		DriftFinder.Findings findings = find(
				List.of(whmcs(1, "Suspended", "acme"), whmcs(2, "Active", "wrong"), whmcs(3, "Active", null),
						whmcs(4, "Active", null), whmcs(5, "Active", null)),
				List.of(ledger(1, "acme", "idle"), ledger(2, "beta", "idle"), createOnly(4),
						failed(5, "archive_unauthorized")),
				List.of(tenant("acme", "active"), tenant("beta", "active"), tenant("stray", "active")));

		assertThat(findings.drifts()).extracting(Drift::kind, Drift::serviceId, Drift::slug, Drift::remedy)
			.containsExactly(tuple(DriftKind.STATUS_MISMATCH, 1L, "acme", Remedy.PUBLISH_STATUS),
					tuple(DriftKind.SLUG_MISMATCH, 2L, "beta", Remedy.REARM_WRITE_BACK),
					tuple(DriftKind.SERVICE_WITHOUT_TENANT, 3L, null, Remedy.MODULE_CREATE),
					tuple(DriftKind.SERVICE_WITHOUT_TENANT, 4L, null, Remedy.REPUBLISH_CREATE),
					tuple(DriftKind.DEAD_LETTERED, 5L, null, Remedy.NONE),
					tuple(DriftKind.TENANT_WITHOUT_SERVICE, null, "stray", Remedy.NONE));
		assertThat(findings.drifts().get(4).detail()).contains("archive_unauthorized");
	}

	@Test
	void servicesWithWorkPendingAreInProgressNotDrift() {
		// the create is under way: a slug reserved, no tenant yet, or the tenant already
		// there but not yet recorded
		LedgerServiceView creating = new LedgerServiceView(7, "active", null, null, "gamma", "pending", true, false,
				null, NOW);
		LedgerServiceView suspending = new LedgerServiceView(8, "suspended", "active", "delta", null, "pending", true,
				true, null, NOW);
		DriftFinder.Findings findings = find(List.of(whmcs(7, "Active", null), whmcs(8, "Suspended", "delta")),
				List.of(creating, suspending), List.of(tenant("gamma", "active"), tenant("delta", "active")));

		assertThat(findings.drifts()).isEmpty();
		assertThat(findings.inProgress()).containsExactly(7L, 8L);
	}

	@Test
	void aWriteBackStillDueIsNoSlugMismatch() {
		LedgerServiceView unsynced = new LedgerServiceView(9, "active", "active", "acme", null, "idle", true, false,
				null, NOW);

		assertThat(
				find(List.of(whmcs(9, "Active", null)), List.of(unsynced), List.of(tenant("acme", "active"))).drifts())
			.isEmpty();
	}

	@Test
	void terminatedServicesKeepASuspendedTenantOrNone() {
		DriftFinder.Findings findings = find(
				List.of(whmcs(1, "Terminated", "acme"), whmcs(2, "Cancelled", null), whmcs(3, "Terminated", "gone")),
				List.of(ledger(1, "acme", "idle"), ledger(3, "gone", "idle")), List.of(tenant("acme", "suspended")));

		assertThat(findings.drifts()).isEmpty();
	}

	@Test
	void aTerminatedServiceWithAnActiveTenantIsTerminatedAgain() {
		DriftFinder.Findings findings = find(List.of(whmcs(1, "Terminated", "acme")),
				List.of(ledger(1, "acme", "idle")), List.of(tenant("acme", "active")));

		assertThat(findings.drifts()).singleElement().satisfies((drift) -> {
			assertThat(drift.kind()).isEqualTo(DriftKind.STATUS_MISMATCH);
			assertThat(drift.remedy()).isEqualTo(Remedy.PUBLISH_STATUS);
			assertThat(drift.detail()).contains("service.terminate");
		});
		assertThat(WhmcsStatus.of("Terminated").correction()).isEqualTo(EventType.TERMINATE);
		assertThat(WhmcsStatus.of("fraud").correction()).isEqualTo(EventType.SUSPEND);
	}

	@Test
	void anActiveTenantOfAServiceWhmcsNoLongerListsIsReported() {
		DriftFinder.Findings findings = find(List.of(),
				List.of(ledger(1, "acme", "idle"), ledger(2, "beta", "idle"), ledger(3, "gamma", "pending"),
						ledger(4, "delta", "idle")),
				List.of(tenant("acme", "active"), tenant("beta", "suspended"), tenant("gamma", "active")));

		// a suspended tenant costs nothing, a pending row is work in progress, a missing
		// tenant is known to the ledger
		assertThat(findings.drifts()).extracting(Drift::kind, Drift::serviceId, Drift::remedy)
			.containsExactly(tuple(DriftKind.SERVICE_MISSING_IN_WHMCS, 1L, Remedy.NONE));
	}

	@Test
	void pendingAndUnknownStatusesAskForNothing() {
		DriftFinder.Findings findings = find(
				List.of(whmcs(1, "Pending", null), whmcs(2, "Completed", null), whmcs(3, "Fraud", null)), List.of(),
				List.of());

		assertThat(findings.drifts()).isEmpty();
	}

	@Test
	void aTenantTheLedgerRecordsButTheArchiveLacksCannotBeFixedByAnEvent() {
		DriftFinder.Findings findings = find(List.of(whmcs(1, "Active", "acme")), List.of(ledger(1, "acme", "idle")),
				List.of());

		assertThat(findings.drifts()).singleElement().satisfies((drift) -> {
			assertThat(drift.kind()).isEqualTo(DriftKind.SERVICE_WITHOUT_TENANT);
			assertThat(drift.remedy()).isEqualTo(Remedy.NONE);
			assertThat(drift.detail()).contains("acme", "restore");
		});
	}

	@Test
	void aSuspendedServiceWithoutAnyEventNeedsAnAdministrator() {
		assertThat(find(List.of(whmcs(1, "Suspended", null)), List.of(), List.of()).drifts())
			.extracting(Drift::kind, Drift::remedy)
			.containsExactly(tuple(DriftKind.SERVICE_WITHOUT_TENANT, Remedy.NONE));
	}

	@Test
	void aTenantKnownOnlyByTheLedgersReservationOrWhmcsIsNotAStray() {
		LedgerServiceView reserved = new LedgerServiceView(1, "active", null, null, "gamma", "idle", true, false, null,
				NOW);
		DriftFinder.Findings findings = find(List.of(whmcs(2, "Terminated", "delta")), List.of(reserved),
				List.of(tenant("gamma", "suspended"), tenant("delta", "suspended")));

		assertThat(findings.drifts()).isEmpty();
	}

	@Test
	void reportsCountEveryKind() {
		DriftFinder.Findings findings = find(List.of(), List.of(),
				List.of(tenant("one", "active"), tenant("two", "suspended")));
		DriftReport report = DriftReport.of(Instant.EPOCH, Instant.EPOCH, false, findings, List.of());

		assertThat(report.outcome()).isEqualTo(DriftReport.Outcome.DRIFT);
		assertThat(report.counts()).containsEntry("tenant_without_service", 2)
			.containsEntry("status_mismatch", 0)
			.hasSize(DriftKind.values().length);
	}

	// ---- an existing installation: untracked services, ambiguity, waiting for a create
	// ------------------------------

	@Test
	void aServiceWhoseSlugFieldNamesAnUnownedTenantIsAdopted() {
		DriftFinder.Findings findings = find(List.of(whmcs(1, "Active", "acme")), List.of(),
				List.of(tenant("acme", "active")));

		assertThat(findings.drifts()).singleElement().satisfies((drift) -> {
			assertThat(drift.kind()).isEqualTo(DriftKind.UNTRACKED_SERVICE);
			assertThat(drift.remedy()).isEqualTo(Remedy.ADOPT);
			assertThat(drift.serviceId()).isEqualTo(1L);
			assertThat(drift.slug()).isEqualTo("acme");
			assertThat(drift.archiveStatus()).isEqualTo("active");
			assertThat(drift.ambiguity()).isNull();
		});
	}

	@Test
	void aSuspendedServiceWithAnActiveUntrackedTenantIsAdoptedNotAStatusMismatch() {
		DriftFinder.Findings findings = find(List.of(whmcs(1, "Suspended", "acme")), List.of(),
				List.of(tenant("acme", "active")));

		assertThat(findings.drifts()).singleElement().satisfies((drift) -> {
			assertThat(drift.kind()).isEqualTo(DriftKind.UNTRACKED_SERVICE);
			assertThat(drift.remedy()).isEqualTo(Remedy.ADOPT);
			assertThat(drift.detail()).contains("service.suspend");
		});
	}

	@Test
	void aServiceWhoseEventsWaitForACreateIsAdoptedEvenWhileTheyWait() {
		// a suspend recorded a minute ago, no create: pending, and not in progress
		LedgerServiceView waiting = waiting(1, "suspended", NOW.minusSeconds(60));

		DriftFinder.Findings findings = find(List.of(whmcs(1, "Suspended", "acme")), List.of(waiting),
				List.of(tenant("acme", "active")));

		assertThat(findings.inProgress()).isEmpty();
		assertThat(findings.drifts()).extracting(Drift::kind, Drift::remedy)
			.containsExactly(tuple(DriftKind.UNTRACKED_SERVICE, Remedy.ADOPT));
		assertThat(findings.drifts().get(0).detail()).contains("recorded events", "suspended");
	}

	@Test
	void onlyActiveAndSuspendedServicesAreAdopted() {
		DriftFinder.Findings findings = find(
				List.of(whmcs(1, "Terminated", "acme"), whmcs(2, "Pending", "beta"), whmcs(3, "Cancelled", "gamma")),
				List.of(), List.of(tenant("acme", "suspended"), tenant("beta", "active"), tenant("gamma", "active")));

		// a terminated service's active tenant is reported as before, with no fix
		assertThat(findings.drifts()).extracting(Drift::kind, Drift::serviceId, Drift::remedy)
			.containsExactly(tuple(DriftKind.STATUS_MISMATCH, 3L, Remedy.NONE));
	}

	@Test
	void theBridgesOwnServicesAreNeverUntracked() {
		// a create event recorded (the bridge is making the tenant) or a tenant owned
		LedgerServiceView creating = new LedgerServiceView(1, "active", null, null, null, "idle", true, false, null,
				NOW);
		DriftFinder.Findings findings = find(List.of(whmcs(1, "Active", "acme"), whmcs(2, "Active", "beta")),
				List.of(creating, ledger(2, "beta", "idle")),
				List.of(tenant("acme", "active"), tenant("beta", "active")));

		assertThat(findings.drifts()).extracting(Drift::kind).doesNotContain(DriftKind.UNTRACKED_SERVICE);
	}

	@Test
	void twoServicesNamingOneTenantAreBothAmbiguous() {
		DriftFinder.Findings findings = find(
				List.of(whmcs(1, "Active", "acme"), whmcs(2, "Suspended", "acme"), whmcs(3, "Terminated", "beta"),
						whmcs(4, "Active", "beta")),
				List.of(), List.of(tenant("acme", "active"), tenant("beta", "active")));

		assertThat(findings.drifts())
			.extracting(Drift::kind, Drift::serviceId, Drift::slug, Drift::remedy, Drift::ambiguity)
			.contains(tuple(DriftKind.OWNERSHIP_AMBIGUOUS, 1L, "acme", Remedy.NONE, Ambiguity.SLUG_NAMED_TWICE),
					tuple(DriftKind.OWNERSHIP_AMBIGUOUS, 2L, "acme", Remedy.NONE, Ambiguity.SLUG_NAMED_TWICE),
					// a terminated service naming the slug counts too: which is it for?
					tuple(DriftKind.OWNERSHIP_AMBIGUOUS, 4L, "beta", Remedy.NONE, Ambiguity.SLUG_NAMED_TWICE));
		assertThat(findings.drifts()).noneMatch(Drift::fixable);
		assertThat(findings.drifts().get(0).detail()).contains("#2");
		// the tenants are named, so not strays
		assertThat(findings.drifts()).extracting(Drift::kind).doesNotContain(DriftKind.TENANT_WITHOUT_SERVICE);
	}

	@Test
	void aTenantTheLedgerHoldsForAnotherServiceIsNotAdopted() {
		LedgerServiceView owner = ledger(7, "acme", "idle");
		LedgerServiceView reserving = new LedgerServiceView(8, "active", null, null, "beta", "pending", true, false,
				null, NOW);
		DriftFinder.Findings findings = find(
				List.of(whmcs(1, "Active", "acme"), whmcs(2, "Suspended", "beta"), whmcs(7, "Active", "acme")),
				List.of(owner, reserving), List.of(tenant("acme", "active"), tenant("beta", "active")));

		assertThat(findings.drifts()).extracting(Drift::kind, Drift::serviceId, Drift::remedy, Drift::ambiguity)
			.containsExactly(tuple(DriftKind.OWNERSHIP_AMBIGUOUS, 1L, Remedy.NONE, Ambiguity.SLUG_OWNED_BY_ANOTHER),
					tuple(DriftKind.OWNERSHIP_AMBIGUOUS, 2L, Remedy.NONE, Ambiguity.SLUG_OWNED_BY_ANOTHER));
		assertThat(findings.drifts().get(0).detail()).contains("#7");
		assertThat(findings.drifts().get(1).detail()).contains("#8");
	}

	@Test
	void aUsernameNamingATenantIsNoProof() {
		WhmcsServiceView prefilled = new WhmcsServiceView(1, 101, 1, "Active", null, "Acme");
		LedgerServiceView waiting = waiting(1, "suspended", NOW.minusSeconds(60));

		DriftFinder.Findings findings = find(List.of(prefilled), List.of(waiting), List.of(tenant("acme", "active")));

		assertThat(findings.drifts()).singleElement().satisfies((drift) -> {
			assertThat(drift.kind()).isEqualTo(DriftKind.OWNERSHIP_AMBIGUOUS);
			assertThat(drift.ambiguity()).isEqualTo(Ambiguity.SLUG_FIELD_EMPTY);
			assertThat(drift.remedy()).isEqualTo(Remedy.NONE);
			assertThat(drift.slug()).isEqualTo("acme");
			assertThat(drift.detail()).contains("Archive slug field is empty", "username");
		});
	}

	@Test
	void aUsernameNamingAnotherServicesTenantIsNotEvenAmbiguous() {
		WhmcsServiceView prefilled = new WhmcsServiceView(1, 101, 1, "Active", null, "acme");

		DriftFinder.Findings findings = find(List.of(prefilled, whmcs(2, "Active", "acme")),
				List.of(ledger(2, "acme", "idle")), List.of(tenant("acme", "active")));

		// service 1 simply has no tenant yet
		assertThat(findings.drifts()).extracting(Drift::kind, Drift::serviceId, Drift::remedy)
			.containsExactly(tuple(DriftKind.SERVICE_WITHOUT_TENANT, 1L, Remedy.MODULE_CREATE));
	}

	@Test
	void aSlugFieldNamingNoTenantStaysAServiceWithoutTenantWithoutACreate() {
		DriftFinder.Findings findings = find(List.of(whmcs(1, "Active", "gone")), List.of(),
				List.of(tenant("other", "active")));

		// a Create would make another tenant and write its slug over the field
		assertThat(findings.drifts()).extracting(Drift::kind, Drift::serviceId, Drift::remedy)
			.containsExactly(tuple(DriftKind.SERVICE_WITHOUT_TENANT, 1L, Remedy.NONE),
					tuple(DriftKind.TENANT_WITHOUT_SERVICE, null, Remedy.NONE));
		assertThat(findings.drifts().get(0).detail()).contains("'gone'", "does not list");
	}

	@Test
	void eventsWaitingForACreateAreInProgressUntilTheyHaveWaitedTooLong() {
		LedgerServiceView young = waiting(1, "suspended", NOW.minus(Duration.ofMinutes(14)));
		LedgerServiceView old = waiting(2, "suspended", NOW.minus(Duration.ofMinutes(15)));
		LedgerServiceView unlisted = waiting(3, "terminated", NOW.minus(Duration.ofHours(2)));

		DriftFinder.Findings findings = find(List.of(whmcs(1, "Suspended", null), whmcs(2, "Suspended", null)),
				List.of(young, old, unlisted), List.of());

		assertThat(findings.inProgress()).containsExactly(1L);
		assertThat(findings.drifts()).extracting(Drift::kind, Drift::serviceId, Drift::whmcsStatus, Drift::remedy)
			.containsExactly(tuple(DriftKind.WAITING_FOR_CREATE, 2L, "Suspended", Remedy.NONE),
					tuple(DriftKind.WAITING_FOR_CREATE, 3L, null, Remedy.NONE));
		assertThat(findings.drifts().get(0).detail()).contains("Archive slug field", "reconcile --fix",
				"module's Create");
		assertThat(findings.drifts().get(1).detail()).contains("ema.reconcile.product-ids");
	}

	@Test
	void anAmbiguousServiceWhoseEventsWaitIsReportedForItsAmbiguity() {
		LedgerServiceView old = waiting(1, "suspended", NOW.minus(Duration.ofHours(1)));

		DriftFinder.Findings findings = find(List.of(whmcs(1, "Suspended", "acme"), whmcs(2, "Active", "acme")),
				List.of(old), List.of(tenant("acme", "active")));

		assertThat(findings.drifts()).extracting(Drift::kind, Drift::serviceId)
			.containsExactly(tuple(DriftKind.OWNERSHIP_AMBIGUOUS, 1L), tuple(DriftKind.OWNERSHIP_AMBIGUOUS, 2L));
		assertThat(findings.drifts().get(0).detail()).contains("wait");
	}

	@Test
	void onlyWorkThatChangesWhatWasComparedIsBusy() {
		assertThat(DriftFinder.busy(ledger(1, "acme", "pending"))).isTrue();
		assertThat(DriftFinder.busy(ledger(1, "acme", "idle"))).isFalse();
		assertThat(DriftFinder.busy(waiting(1, "suspended", NOW))).isFalse();
		assertThat(DriftFinder
			.busy(new LedgerServiceView(1, "active", null, null, null, "pending", true, false, null, NOW))).isTrue();
	}

	private static DriftFinder.Findings find(List<WhmcsServiceView> whmcs, List<LedgerServiceView> ledger,
			List<Tenant> tenants) {
		return DriftFinder.find(whmcs, ledger, tenants, RULES);
	}

	private static WhmcsServiceView whmcs(long id, String status, String slug) {
		return new WhmcsServiceView(id, 100 + id, 1, status, slug);
	}

	private static LedgerServiceView ledger(long id, String slug, String work) {
		return new LedgerServiceView(id, "active", "active", slug, null, work, true, true, null, NOW);
	}

	/** A service whose events wait for a create since {@code since}. */
	private static LedgerServiceView waiting(long id, String desired, Instant since) {
		return new LedgerServiceView(id, desired, null, null, null, "pending", false, false, null, since);
	}

	private static LedgerServiceView createOnly(long id) {
		return new LedgerServiceView(id, "active", null, null, null, "idle", true, false, null, NOW);
	}

	private static LedgerServiceView failed(long id, String reason) {
		return new LedgerServiceView(id, "active", null, null, null, "failed", true, false, reason, NOW);
	}

	private static Tenant tenant(String slug, String status) {
		return new Tenant(slug, slug, status, null, null, null, null);
	}

}
