package io.emabridge.support.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps our own meters ({@code ema.*}) within the conventions that
 * {@code promtool check metrics} enforces, and leaves every library meter (JVM, process,
 * Kafka client, HTTP server, connection pool) under the name Micrometer gives it: that is
 * the name community dashboards and alert rules query ({@code jvm_memory_used_bytes},
 * {@code process_cpu_usage}, {@code kafka_consumer_fetch_manager_records_lag_max}).
 * <ul>
 * <li>Our meters whose name or unit is an abbreviated unit ({@code ms}, {@code ns}) are
 * dropped: a meter of ours is declared in seconds.</li>
 * <li>Our gauges named {@code *.count} are renamed to the plural ({@code ema.foo.count}
 * becomes {@code ema.foos}), because {@code _count} is reserved for histograms and
 * summaries.</li>
 * <li>Meters without a description get one, ours and the libraries' alike (their names
 * stay as they are), because a scrape without HELP text reads poorly.</li>
 * </ul>
 * The scrape as a whole therefore carries library names that promtool would lint
 * ({@code kafka_producer_io_time_ns_total}); the tests lint our own families only
 * ({@code Promtool.checkOurMetrics}).
 */
public final class PrometheusConventions implements MeterFilter {

	private static final String OURS = "ema.";

	private static final Set<String> ABBREVIATED_UNITS = Set.of("ms", "ns", "us");

	private static final Map<String, String> DESCRIPTIONS = Map.of("http.server.requests",
			"HTTP requests served, by method, URI template, status and outcome", "http.server.requests.active",
			"HTTP requests being served", "tomcat.sessions.active.current", "Active HTTP sessions",
			"tomcat.sessions.active.max", "Most HTTP sessions active at once", "tomcat.sessions.alive.max",
			"Longest time an expired HTTP session was alive", "tomcat.sessions.created", "HTTP sessions created",
			"tomcat.sessions.expired", "HTTP sessions expired", "tomcat.sessions.rejected", "HTTP sessions rejected");

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		return (isOurs(id) && hasAbbreviatedUnit(id)) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String name = id.getName();
		if (isOurs(id) && id.getType() == Meter.Type.GAUGE && name.endsWith(".count")) {
			name = name.substring(0, name.length() - ".count".length()) + "s";
		}
		String description = id.getDescription();
		if (description == null || description.isBlank()) {
			description = DESCRIPTIONS.getOrDefault(id.getName(), inWords(id.getName()));
		}
		if (name.equals(id.getName()) && description.equals(id.getDescription())) {
			return id;
		}
		return new Meter.Id(name, Tags.of(id.getTags()), id.getBaseUnit(), description, id.getType());
	}

	static boolean isOurs(Meter.Id id) {
		return id.getName().startsWith(OURS);
	}

	static boolean hasAbbreviatedUnit(Meter.Id id) {
		String unit = id.getBaseUnit();
		if (unit != null && ABBREVIATED_UNITS.contains(unit.toLowerCase(Locale.ROOT))) {
			return true;
		}
		return Arrays.stream(id.getName().split("[._-]")).anyMatch(ABBREVIATED_UNITS::contains);
	}

	private static String inWords(String name) {
		String words = name.replace('.', ' ').replace('_', ' ').replace('-', ' ');
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

}
