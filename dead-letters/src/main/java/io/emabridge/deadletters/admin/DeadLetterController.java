package io.emabridge.deadletters.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.emabridge.deadletters.DeadLetterView;
import io.emabridge.deadletters.DeadLetters;
import io.emabridge.deadletters.letter.DeadLetterFilter;
import io.emabridge.deadletters.letter.UnknownTopicException;
import io.emabridge.deadletters.replay.ReplayOptions;
import io.emabridge.deadletters.replay.ReplayOutcome;
import io.emabridge.deadletters.replay.ReplayReport;

/**
 * The {@code dlt} command's operations over HTTP; the bearer token is checked before any
 * of them runs.
 */
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLetterController {

	private final DeadLetters deadLetters;

	private final DeadLettersProperties properties;

	private final DeadLetterMetrics metrics;

	private final LedgerViews ledger;

	DeadLetterController(DeadLetters deadLetters, DeadLettersProperties properties, DeadLetterMetrics metrics,
			LedgerViews ledger) {
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.metrics = metrics;
		this.ledger = ledger;
	}

	@GetMapping
	List<DeadLetterView> list(@RequestParam(required = false) String topic,
			@RequestParam(required = false) Set<String> service, @RequestParam(required = false) Set<String> type,
			@RequestParam(required = false) String reason, @RequestParam(required = false) Set<String> eventId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant until) {
		DeadLetterFilter filter = new DeadLetterFilter(service, type, reason, eventId, since, until);
		return this.deadLetters.list(topic(topic), filter).stream().map(DeadLetterView::summary).toList();
	}

	@GetMapping("/{eventId}")
	List<DeadLetterView> show(@PathVariable String eventId, @RequestParam(required = false) String topic) {
		List<DeadLetters.Listed> letters = this.deadLetters.find(topic(topic), eventId);
		if (letters.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter of event " + eventId);
		}
		Map<String, Map<String, Object>> ledger = ledger(letters.get(0));
		return letters.stream().map((letter) -> DeadLetterView.detail(letter, ledger)).toList();
	}

	@PostMapping("/replay")
	ReplayResponse replay(@RequestBody ReplayRequest request) {
		DeadLetterFilter filter = new DeadLetterFilter(request.service(), request.type(), request.failureReason(),
				request.eventId(), request.since(), request.until());
		if (request.replayAll() == !filter.isEmpty()) {
			throw new IllegalArgumentException(request.replayAll() ? "all replays everything: leave out the filters"
					: "say what to replay: give filters (service, type, failureReason, eventId, since, until) or all");
		}
		String reason = (request.wantsDryRun() && request.reason() == null) ? "dry run" : request.reason();
		ReplayOptions options = new ReplayOptions(reason, request.wantsDryRun(), request.replayAgain(),
				(request.rate() != null) ? request.rate() : 0);
		ReplayReport report = this.deadLetters.replay(topic(request.topic()), filter, options);
		this.metrics.replayed(report);
		return new ReplayResponse(report.topic(), report.dryRun(), report.counts(), report.items());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(UnknownTopicException.class)
	ProblemDetail unknownTopic(UnknownTopicException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	private String topic(String requested) {
		if (requested == null || requested.isBlank()) {
			return this.properties.defaultTopic();
		}
		if (!this.properties.topics().contains(requested)) {
			throw new IllegalArgumentException("topic must be one of " + this.properties.topics());
		}
		return requested;
	}

	private Map<String, Map<String, Object>> ledger(DeadLetters.Listed letter) {
		if (!this.properties.ledgerView() || this.ledger == null) {
			return null;
		}
		try {
			return this.ledger.describe(letter.letter().serviceId(), letter.letter().eventId());
		}
		catch (RuntimeException ex) {
			return Map.of("error", Map.of("message", "the ledger could not be read: " + ex.getMessage()));
		}
	}

	/** What a replay did: counts by outcome, then every dead letter. */
	record ReplayResponse(String topic, boolean dryRun, Map<ReplayOutcome, Integer> counts,
			List<ReplayReport.Item> items) {
	}

}
