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
 * Keeps every meter's Prometheus name within the conventions that
 * {@code promtool check metrics} enforces, so that the scrape of each service stays
 * lint-clean whatever the libraries register.
 * <ul>
 * <li>Meters whose name or unit is an abbreviated unit ({@code ms}, {@code ns}: Kafka's
 * client metrics, {@code jvm.compilation.time}, {@code process.cpu.time}) are dropped:
 * their values cannot be rescaled here, and seconds-based equivalents exist for the ones
 * that matter.</li>
 * <li>Gauges named {@code *.count} are renamed to the plural
 * ({@code kafka.consumer.connection.count} becomes {@code kafka.consumer.connections}),
 * because {@code _count} is reserved for histograms and summaries.</li>
 * <li>Meters without a description get one, because a scrape without HELP text is a lint
 * error.</li>
 * </ul>
 */
public final class PrometheusConventions implements MeterFilter {

	private static final Set<String> ABBREVIATED_UNITS = Set.of("ms", "ns", "us");

	private static final Map<String, String> DESCRIPTIONS = Map.of("http.server.requests",
			"HTTP requests served, by method, URI template, status and outcome", "http.server.requests.active",
			"HTTP requests being served", "tomcat.sessions.active.current", "Active HTTP sessions",
			"tomcat.sessions.active.max", "Most HTTP sessions active at once", "tomcat.sessions.alive.max",
			"Longest time an expired HTTP session was alive", "tomcat.sessions.created", "HTTP sessions created",
			"tomcat.sessions.expired", "HTTP sessions expired", "tomcat.sessions.rejected", "HTTP sessions rejected");

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		return hasAbbreviatedUnit(id) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String name = id.getName();
		if (id.getType() == Meter.Type.GAUGE && name.endsWith(".count")) {
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
