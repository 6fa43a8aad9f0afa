package io.emabridge.provisioning.drift;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What one reconciliation found and, when asked to fix, did. The JSON of
 * {@code /admin/reconcile}.
 *
 * @param startedAt when the run began
 * @param finishedAt when it ended
 * @param fix whether the run was asked to fix
 * @param outcome {@code clean}, {@code drift} or {@code failed}
 * @param services WHMCS services compared
 * @param tenants archive tenants compared
 * @param inProgress services left out because the worker still has work for them
 * @param counts drifts by kind, every kind present
 * @param drifts every drift found (before any fix)
 * @param fixes what fixing did, one entry per drift it acted on
 * @param error why the run failed, {@code null} unless it did
 */
public record DriftReport(Instant startedAt, Instant finishedAt, boolean fix, Outcome outcome, int services,
		int tenants, List<Long> inProgress, Map<String, Integer> counts, List<Drift> drifts, List<FixResult> fixes,
		String error) {

	public DriftReport {
		inProgress = List.copyOf(inProgress);
		counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
		drifts = List.copyOf(drifts);
		fixes = List.copyOf(fixes);
	}

	static DriftReport of(Instant startedAt, Instant finishedAt, boolean fix, DriftFinder.Findings findings,
			List<FixResult> fixes) {
		return new DriftReport(startedAt, finishedAt, fix, findings.drifts().isEmpty() ? Outcome.CLEAN : Outcome.DRIFT,
				findings.services(), findings.tenants(), findings.inProgress(), countByKind(findings.drifts()),
				findings.drifts(), fixes, null);
	}

	static DriftReport failed(Instant startedAt, Instant finishedAt, boolean fix, String error) {
		return new DriftReport(startedAt, finishedAt, fix, Outcome.FAILED, 0, 0, List.of(), countByKind(List.of()),
				List.of(), List.of(), error);
	}

	/** Drifts of each kind, zero for kinds not found; in kind order. */
	static Map<String, Integer> countByKind(List<Drift> drifts) {
		Map<DriftKind, Integer> counts = new EnumMap<>(DriftKind.class);
		for (DriftKind kind : DriftKind.values()) {
			counts.put(kind, 0);
		}
		drifts.forEach((drift) -> counts.merge(drift.kind(), 1, Integer::sum));
		Map<String, Integer> named = new LinkedHashMap<>();
		counts.forEach((kind, count) -> named.put(kind.value(), count));
		return named;
	}

	public int count(DriftKind kind) {
		return this.counts.getOrDefault(kind.value(), 0);
	}

	public enum Outcome {

		CLEAN, DRIFT, FAILED;

		@JsonValue
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * What fixing did about one drift.
	 *
	 * @param kind the drift's kind
	 * @param serviceId the service
	 * @param remedy what was done
	 * @param result {@code applied}, {@code in_progress} (the service had work again by
	 * the time of the fix; left to the applier), {@code skipped} (over
	 * {@code ema.reconcile.max-fixes}) or {@code failed}
	 * @param detail what exactly, in words
	 */
	public record FixResult(DriftKind kind, Long serviceId, Remedy remedy, String result, String detail) {

		static final String APPLIED = "applied";

		static final String IN_PROGRESS = "in_progress";

		static final String SKIPPED = "skipped";

		static final String FAILED = "failed";

	}
}
