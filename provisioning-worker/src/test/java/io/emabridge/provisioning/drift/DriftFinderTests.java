package io.emabridge.provisioning.drift;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.lifecycle.EventType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The comparison of the three views, without WHMCS, a database or the archive. */
class DriftFinderTests {

	@Test
	void aServiceThatAgreesEverywhereIsNoDrift() {
		DriftFinder.Findings findings = DriftFinder.find(List.of(whmcs(1, "Active", "acme")),
				List.of(ledger(1, "acme", "idle")), List.of(tenant("acme", "active")));

		assertThat(findings.drifts()).isEmpty();
		assertThat(findings.services()).isEqualTo(1);
		assertThat(findings.tenants()).isEqualTo(1);
	}

	@Test
	void namesEachKindOnceWithWhatFixingWouldDo() {
		DriftFinder.Findings findings = DriftFinder.find(
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
				null);
		LedgerServiceView suspending = new LedgerServiceView(8, "suspended", "active", "delta", null, "pending", true,
				true, null);
		DriftFinder.Findings findings = DriftFinder.find(
				List.of(whmcs(7, "Active", null), whmcs(8, "Suspended", "delta")), List.of(creating, suspending),
				List.of(tenant("gamma", "active"), tenant("delta", "active")));

		assertThat(findings.drifts()).isEmpty();
		assertThat(findings.inProgress()).containsExactly(7L, 8L);
	}

	@Test
	void aWriteBackStillDueIsNoSlugMismatch() {
		LedgerServiceView unsynced = new LedgerServiceView(9, "active", "active", "acme", null, "idle", true, false,
				null);

		assertThat(DriftFinder
			.find(List.of(whmcs(9, "Active", null)), List.of(unsynced), List.of(tenant("acme", "active")))
			.drifts()).isEmpty();
	}

	@Test
	void terminatedServicesKeepASuspendedTenantOrNone() {
		DriftFinder.Findings findings = DriftFinder.find(
				List.of(whmcs(1, "Terminated", "acme"), whmcs(2, "Cancelled", null), whmcs(3, "Terminated", "gone")),
				List.of(ledger(1, "acme", "idle"), ledger(3, "gone", "idle")), List.of(tenant("acme", "suspended")));

		assertThat(findings.drifts()).isEmpty();
	}

	@Test
	void aTerminatedServiceWithAnActiveTenantIsTerminatedAgain() {
		DriftFinder.Findings findings = DriftFinder.find(List.of(whmcs(1, "Terminated", "acme")),
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
		DriftFinder.Findings findings = DriftFinder.find(List.of(),
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
		DriftFinder.Findings findings = DriftFinder.find(
				List.of(whmcs(1, "Pending", null), whmcs(2, "Completed", null), whmcs(3, "Fraud", null)), List.of(),
				List.of());

		assertThat(findings.drifts()).isEmpty();
	}

	@Test
	void aTenantTheLedgerRecordsButTheArchiveLacksCannotBeFixedByAnEvent() {
		DriftFinder.Findings findings = DriftFinder.find(List.of(whmcs(1, "Active", "acme")),
				List.of(ledger(1, "acme", "idle")), List.of());

		assertThat(findings.drifts()).singleElement().satisfies((drift) -> {
			assertThat(drift.kind()).isEqualTo(DriftKind.SERVICE_WITHOUT_TENANT);
			assertThat(drift.remedy()).isEqualTo(Remedy.NONE);
			assertThat(drift.detail()).contains("acme", "restore");
		});
	}

	@Test
	void aSuspendedServiceWithoutAnyEventNeedsAnAdministrator() {
		assertThat(DriftFinder.find(List.of(whmcs(1, "Suspended", null)), List.of(), List.of()).drifts())
			.extracting(Drift::kind, Drift::remedy)
			.containsExactly(tuple(DriftKind.SERVICE_WITHOUT_TENANT, Remedy.NONE));
	}

	@Test
	void aTenantKnownOnlyByTheLedgersReservationOrWhmcsIsNotAStray() {
		LedgerServiceView reserved = new LedgerServiceView(1, "active", null, null, "gamma", "idle", true, false, null);
		DriftFinder.Findings findings = DriftFinder.find(List.of(whmcs(2, "Terminated", "delta")), List.of(reserved),
				List.of(tenant("gamma", "suspended"), tenant("delta", "suspended")));

		assertThat(findings.drifts()).isEmpty();
	}

	@Test
	void aStatusMismatchOfATenantTheLedgerDoesNotKnowIsReportedWithoutAFix() {
		DriftFinder.Findings findings = DriftFinder.find(List.of(whmcs(1, "Suspended", "acme")), List.of(),
				List.of(tenant("acme", "active")));

		assertThat(findings.drifts()).extracting(Drift::kind, Drift::remedy)
			.containsExactly(tuple(DriftKind.STATUS_MISMATCH, Remedy.NONE));
	}

	@Test
	void reportsCountEveryKind() {
		DriftFinder.Findings findings = DriftFinder.find(List.of(), List.of(),
				List.of(tenant("one", "active"), tenant("two", "suspended")));
		DriftReport report = DriftReport.of(java.time.Instant.EPOCH, java.time.Instant.EPOCH, false, findings,
				List.of());

		assertThat(report.outcome()).isEqualTo(DriftReport.Outcome.DRIFT);
		assertThat(report.counts()).containsEntry("tenant_without_service", 2)
			.containsEntry("status_mismatch", 0)
			.hasSize(DriftKind.values().length);
	}

	private static WhmcsServiceView whmcs(long id, String status, String slug) {
		return new WhmcsServiceView(id, 100 + id, 1, status, slug);
	}

	private static LedgerServiceView ledger(long id, String slug, String work) {
		return new LedgerServiceView(id, "active", "active", slug, null, work, true, true, null);
	}

	private static LedgerServiceView createOnly(long id) {
		return new LedgerServiceView(id, "active", null, null, null, "idle", true, false, null);
	}

	private static LedgerServiceView failed(long id, String reason) {
		return new LedgerServiceView(id, "active", null, null, null, "failed", true, false, reason);
	}

	private static Tenant tenant(String slug, String status) {
		return new Tenant(slug, slug, status, null, null, null, null);
	}

}
