package io.emabridge.provisioning.notices;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.provisioning.metrics.DatabaseGauges;

/**
 * The notices' meters, declared here once: what was sent to WHMCS by kind and outcome,
 * and from the ledger at each scrape, the failure episodes still open and the notices
 * WHMCS has not taken yet.
 */
class NoticeMetrics {

	private static final String NOTICES = "ema.whmcs.notices";

	private static final String OPEN = "select count(*) from whmcs_notice where state = 'open'";

	private static final String UNSENT = "select count(*) from whmcs_notice where due_at is not null";

	private final Map<Kind, Map<Outcome, Counter>> counters = new EnumMap<>(Kind.class);

	NoticeMetrics(MeterRegistry registry) {
		for (Kind kind : Kind.values()) {
			Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
			for (Outcome outcome : Outcome.values()) {
				byOutcome.put(outcome, Counter.builder(NOTICES)
					.description("Dead-letter notices sent to WHMCS, by kind (opened: ticket or note for a"
							+ " failure, update: a later failure, resolved: closing reply or note, activity: log line)"
							+ " and outcome (sent, retried: WHMCS failed for now, rejected: WHMCS refused it for good)")
					.tag("kind", kind.tag())
					.tag("outcome", outcome.tag())
					.register(registry));
			}
			this.counters.put(kind, byOutcome);
		}
	}

	/** The gauges read from the ledger, registered only where notices are on. */
	static void registerGauges(MeterRegistry registry, JdbcTemplate jdbc) {
		Gauge.builder("ema.whmcs.notices.open", jdbc, (db) -> DatabaseGauges.value(db, OPEN))
			.description("Services with a dead-letter failure not resolved yet")
			.register(registry);
		Gauge.builder("ema.whmcs.notices.unsent", jdbc, (db) -> DatabaseGauges.value(db, UNSENT))
			.description("Notices with something WHMCS has not taken yet (due now or waiting out a back-off)")
			.register(registry);
	}

	void sent(Kind kind) {
		this.counters.get(kind).get(Outcome.SENT).increment();
	}

	void retried(Kind kind) {
		this.counters.get(kind).get(Outcome.RETRIED).increment();
	}

	void rejected(Kind kind) {
		this.counters.get(kind).get(Outcome.REJECTED).increment();
	}

	/** What a WHMCS call told. */
	enum Kind {

		OPENED, UPDATE, RESOLVED, ACTIVITY;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	enum Outcome {

		SENT, RETRIED, REJECTED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
