package io.emabridge.provisioning.metrics;

import org.springframework.jdbc.core.JdbcTemplate;

/** Gauges whose value the ledger gives at each scrape. */
public final class DatabaseGauges {

	private DatabaseGauges() {
	}

	/**
	 * NaN when the database cannot be asked: the gauge is then absent from the scrape
	 * rather than wrong.
	 */
	public static double value(JdbcTemplate jdbc, String sql) {
		try {
			Number value = jdbc.queryForObject(sql, Number.class);
			return (value != null) ? value.doubleValue() : Double.NaN;
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
