package io.emabridge.provisioning.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.provisioning.metrics.DatabaseGauges;

/**
 * The applier's backlog, read from the ledger at each scrape. Consumer lag stays near
 * zero by design (the listener only records intent), so this is where a worker that falls
 * behind shows: services whose work is due now and not yet done, and how long the oldest
 * of them has waited. A service waiting out a retry back-off is not due.
 */
final class LedgerBacklogMetrics {

	private static final String DUE = "select count(*) from service where due_at <= now()";

	private static final String OLDEST = "select coalesce(extract(epoch from now() - min(due_at)), 0)"
			+ " from service where due_at <= now()";

	private LedgerBacklogMetrics() {
	}

	static void register(MeterRegistry registry, JdbcTemplate jdbc) {
		Gauge.builder("ema.ledger.services.due", jdbc, (db) -> DatabaseGauges.value(db, DUE))
			.description("Services whose archive work, WHMCS write-back or tenant-state publication is due now")
			.register(registry);
		Gauge.builder("ema.ledger.oldest.due", jdbc, (db) -> DatabaseGauges.value(db, OLDEST))
			.description("How long the longest-waiting due service has waited")
			.baseUnit("seconds")
			.register(registry);
	}

}
