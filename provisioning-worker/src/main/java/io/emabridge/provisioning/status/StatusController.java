package io.emabridge.provisioning.status;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.emabridge.provisioning.archive.ArchiveAccounts;
import io.emabridge.provisioning.archive.ArchiveCircuit;
import io.emabridge.provisioning.drift.DriftReconciler;
import io.emabridge.provisioning.drift.DriftReport;
import io.emabridge.support.admin.AdminTokenConfigured;

/**
 * {@code GET /admin/status}: what an operator's overview needs in one answer (the WHMCS
 * addon's Health section), read from what the worker keeps anyway: the archive circuit,
 * the key check, the ledger's gauges and the last reconciliation. Nothing is computed
 * here. Behind the admin bearer token like every {@code /admin/**} path.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(AdminTokenConfigured.class)
class StatusController {

	private final ArchiveAccounts accounts;

	private final MeterRegistry registry;

	private final DriftReconciler reconciler;

	StatusController(ArchiveAccounts accounts, MeterRegistry registry, DriftReconciler reconciler) {
		this.accounts = accounts;
		this.registry = registry;
		this.reconciler = reconciler;
	}

	@GetMapping("/admin/status")
	WorkerStatus status() {
		List<AccountStatus> accounts = this.accounts.all()
			.stream()
			.map((account) -> new AccountStatus(account.name(), List.copyOf(account.serverIds()), account.keyTag(),
					account.circuit().state().tag(), account.keyCheck().refused()))
			.toList();
		// the summary shows the worst: one account down is something to look at
		String circuit = accounts.stream()
			.map(AccountStatus::circuitState)
			.reduce((a, b) -> (severity(a) >= severity(b)) ? a : b)
			.orElse(ArchiveCircuit.State.CLOSED.tag());
		return new WorkerStatus(circuit, accounts.stream().anyMatch(AccountStatus::keyRefused),
				gauge("ema.ledger.services.due"), gauge("ema.ledger.oldest.due"),
				gauge("ema.services.waiting.for.create"), gauge("ema.whmcs.notices.open"),
				this.reconciler.last().map(LastReconcile::of).orElse(null), accounts);
	}

	private static int severity(String circuitState) {
		if (ArchiveCircuit.State.OPEN.tag().equals(circuitState)) {
			return 2;
		}
		return ArchiveCircuit.State.HALF_OPEN.tag().equals(circuitState) ? 1 : 0;
	}

	/**
	 * The gauge's value now, rounded; null when it is not registered (notices off) or the
	 * database could not be asked.
	 */
	private Long gauge(String name) {
		Gauge gauge = this.registry.find(name).gauge();
		double value = (gauge != null) ? gauge.value() : Double.NaN;
		return Double.isNaN(value) ? null : Math.round(value);
	}

	/**
	 * The worker's state.
	 *
	 * @param circuitState the archive circuit: {@code closed}, {@code open},
	 * {@code half_open}; with several reseller accounts, the worst of theirs
	 * @param keyRefused whether the archive refuses a reseller API key for every call
	 * @param servicesDue services whose work is due now ({@code ema_ledger_services_due})
	 * @param oldestDueSeconds how long the longest-waiting of them has waited
	 * @param waitingForCreate services whose events wait too long for a create
	 * @param openNotices services with a failure reported to WHMCS and not resolved; null
	 * when notices are off
	 * @param lastReconcile the last reconciliation of this instance, null before the
	 * first
	 * @param accounts each reseller account
	 */
	record WorkerStatus(String circuitState, boolean keyRefused, Long servicesDue, Long oldestDueSeconds,
			Long waitingForCreate, Long openNotices, LastReconcile lastReconcile, List<AccountStatus> accounts) {
	}

	/**
	 * One reseller account.
	 *
	 * @param name {@code default}, or the servers it was configured for
	 * @param serverIds those servers (empty for the default account, which holds the
	 * services of every other server)
	 * @param key a fingerprint of its API key (the {@code key} tag of its metrics)
	 * @param circuitState its circuit
	 * @param keyRefused whether the archive refuses its key
	 */
	record AccountStatus(String name, List<Long> serverIds, String key, String circuitState, boolean keyRefused) {
	}

	/**
	 * The last reconciliation in short; the whole report is {@code GET /admin/reconcile}.
	 *
	 * @param outcome {@code clean}, {@code drift} or {@code failed}
	 * @param drifts differences found
	 */
	record LastReconcile(Instant finishedAt, String outcome, boolean fix, int drifts, String error) {

		static LastReconcile of(DriftReport report) {
			return new LastReconcile(report.finishedAt(), report.outcome().value(), report.fix(),
					report.drifts().size(), report.error());
		}

	}

}
