package io.emabridge.provisioning.drift;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The reconciler's meters, declared here once, every tag value registered at start so
 * that dashboards and alerts see zeros rather than missing series:
 * {@code ema_drift_services{kind}} (from the last completed run),
 * {@code ema_reconcile_runs_total{outcome}},
 * {@code ema_reconcile_fixes_total{kind,outcome}},
 * {@code ema_reconcile_last_success_timestamp_seconds}; and, read from the ledger at each
 * scrape rather than at the last run, {@code ema_services_waiting_for_create}.
 */
class DriftMetrics {

	static final String SKIPPED = "skipped";

	private final Map<DriftKind, AtomicLong> drift = new EnumMap<>(DriftKind.class);

	private final Map<DriftReport.Outcome, Counter> runs = new EnumMap<>(DriftReport.Outcome.class);

	private final Counter skipped;

	private final Map<DriftKind, Counter> fixesApplied = new EnumMap<>(DriftKind.class);

	private final Map<DriftKind, Counter> fixesFailed = new EnumMap<>(DriftKind.class);

	private final AtomicLong lastSuccess = new AtomicLong();

	DriftMetrics(MeterRegistry registry, LedgerReader ledger, Duration missingCreateAfter) {
		Gauge
			.builder("ema.services.waiting.for.create", ledger, (reader) -> reader.waitingForCreate(missingCreateAfter))
			.description("Services whose events have waited longer than ema.worker.missing-create-after for a create,"
					+ " with no tenant the ledger owns: adopt them (Archive slug field, reconcile --fix) or run the"
					+ " module's Create")
			.register(registry);
		String runsHelp = "Drift reconciliations, by outcome (clean, drift, failed, skipped: another run held the lock)";
		String fixesHelp = "Corrections the drift reconciler made, by drift kind and outcome";
		for (DriftKind kind : DriftKind.values()) {
			AtomicLong value = new AtomicLong();
			this.drift.put(kind, value);
			Gauge.builder("ema.drift.services", value, AtomicLong::get)
				.description("Services (or tenants) in drift between WHMCS, the ledger and the archive at the last"
						+ " completed reconciliation, by kind")
				.tag("kind", kind.value())
				.register(registry);
			this.fixesApplied.put(kind,
					Counter.builder("ema.reconcile.fixes")
						.description(fixesHelp)
						.tags("kind", kind.value(), "outcome", "applied")
						.register(registry));
			this.fixesFailed.put(kind,
					Counter.builder("ema.reconcile.fixes")
						.description(fixesHelp)
						.tags("kind", kind.value(), "outcome", "failed")
						.register(registry));
		}
		for (DriftReport.Outcome outcome : DriftReport.Outcome.values()) {
			this.runs.put(outcome,
					Counter.builder("ema.reconcile.runs")
						.description(runsHelp)
						.tag("outcome", outcome.value())
						.register(registry));
		}
		this.skipped = Counter.builder("ema.reconcile.runs")
			.description(runsHelp)
			.tag("outcome", SKIPPED)
			.register(registry);
		Gauge.builder("ema.reconcile.last.success.timestamp.seconds", this.lastSuccess, AtomicLong::get)
			.description("When the last reconciliation that could compare all three views ended, in Unix seconds;"
					+ " 0 before the first")
			.register(registry);
	}

	void completed(DriftReport report) {
		this.runs.get(report.outcome()).increment();
		if (report.outcome() != DriftReport.Outcome.FAILED) {
			for (DriftKind kind : DriftKind.values()) {
				this.drift.get(kind).set(report.count(kind));
			}
			this.lastSuccess.set(report.finishedAt().getEpochSecond());
		}
	}

	void skipped() {
		this.skipped.increment();
	}

	void fix(DriftKind kind, boolean applied) {
		(applied ? this.fixesApplied : this.fixesFailed).get(kind).increment();
	}

}
