package io.emabridge.deadletters.cli;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import picocli.CommandLine.Option;

import io.emabridge.deadletters.letter.DeadLetterFilter;

/** The filters of {@code list} and {@code replay}; every one given must match. */
final class FilterOptions {

	@Option(names = "--service", split = ",", paramLabel = "ID", description = "service id(s)")
	Set<String> services = new LinkedHashSet<>();

	@Option(names = "--type", split = ",", paramLabel = "TYPE",
			description = "event type(s): service.suspend or just suspend")
	Set<String> types = new LinkedHashSet<>();

	@Option(names = "--failure-reason", paramLabel = "TEXT",
			description = "part of the failure reason, e.g. unauthorized (case-insensitive)")
	String failureReason;

	@Option(names = "--event", split = ",", paramLabel = "EVENT-ID", description = "event id(s)")
	Set<String> eventIds = new LinkedHashSet<>();

	@Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
			description = "dead-lettered at or after: 2026-11-26T10:00:00Z, 2026-11-26, or 90m / 6h / 2d ago")
	Instant since;

	@Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class,
			description = "dead-lettered before (same forms as --since)")
	Instant until;

	DeadLetterFilter filter(String reasonPart) {
		return new DeadLetterFilter(this.services, this.types, reasonPart, this.eventIds, this.since, this.until);
	}

}
