package io.emabridge.provisioning.status;

import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.emabridge.provisioning.archive.ArchiveCircuit;
import io.emabridge.provisioning.archive.KeyCheck;
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

	private final ArchiveCircuit circuit;

	private final KeyCheck keyCheck;

	private final MeterRegistry registry;

	private final DriftReconciler reconciler;

	StatusController(ArchiveCircuit circuit, KeyCheck keyCheck, MeterRegistry registry, DriftReconciler reconciler) {
		this.circuit = circuit;
		this.keyCheck = keyCheck;
		this.registry = registry;
		this.reconciler = reconciler;
	}

	@GetMapping("/admin/status")
	WorkerStatus status() {
		return new WorkerStatus(this.circuit.state().tag(), this.keyCheck.refused(), gauge("ema.ledger.services.due"),
				gauge("ema.ledger.oldest.due"), gauge("ema.services.waiting.for.create"),
				gauge("ema.whmcs.notices.open"), this.reconciler.last().map(LastReconcile::of).orElse(null));
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
	 * {@code half_open}
	 * @param keyRefused whether the archive refuses the reseller API key for every call
	 * @param servicesDue services whose work is due now ({@code ema_ledger_services_due})
	 * @param oldestDueSeconds how long the longest-waiting of them has waited
	 * @param waitingForCreate services whose events wait too long for a create
	 * @param openNotices services with a failure reported to WHMCS and not resolved; null
	 * when notices are off
	 * @param lastReconcile the last reconciliation of this instance, null before the
	 * first
	 */
	record WorkerStatus(String circuitState, boolean keyRefused, Long servicesDue, Long oldestDueSeconds,
			Long waitingForCreate, Long openNotices, LastReconcile lastReconcile) {
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
