package io.emabridge.publisher.gateway;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.emabridge.model.lifecycle.Violation;
import io.emabridge.publisher.config.GatewayProperties;
import io.emabridge.publisher.kafka.KafkaUnavailableException;
import io.emabridge.publisher.metrics.GatewayMetrics;
import io.emabridge.publisher.metrics.GatewayMetrics.Outcome;

/**
 * Turns every failure into an RFC 9457 problem+json answer: the gateway's own rejections,
 * and through the base class the framework's (wrong method, media type, unreadable body,
 * unknown path). Nothing that a caller sends ends in an HTML page or a 5xx; only Kafka's
 * silence gives 503.
 */
@RestControllerAdvice
class GatewayExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GatewayExceptionHandler.class);

	private static final int MAX_LISTED_ERRORS = 50;

	private static final String TYPE_PREFIX = "urn:emabridge:problem:";

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private final GatewayMetrics metrics;

	private final long retryAfterSeconds;

	GatewayExceptionHandler(GatewayMetrics metrics, GatewayProperties properties) {
		this.metrics = metrics;
		this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidEvent(InvalidEventBodyException ex) {
		this.metrics.request(Outcome.INVALID);
		List<Violation> violations = ex.violations();
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-event", "Invalid lifecycle event",
				describe(violations));
		problem.setProperty("errors",
				violations.stream()
					.limit(MAX_LISTED_ERRORS)
					.map((violation) -> Map.of("field", violation.field(), "message", violation.message()))
					.toList());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> signatureRejected(SignatureRejectedException ex) {
		this.metrics.request(Outcome.UNAUTHORIZED);
		log.debug("Rejected a request: {}", ex.verdict());
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "EMA-HMAC-SHA256")
			.body(problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", ex.verdict().message()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLargeException ex) {
		this.metrics.request(Outcome.TOO_LARGE);
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request body too large", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaUnavailableException ex) {
		this.metrics.request(Outcome.UNAVAILABLE);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds))
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Kafka unavailable",
					ex.getMessage() + "; the event may not have been stored, send it again later"));
	}

	/** Anything unforeseen: a 500 that says nothing about the internals. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected failure while handling a request", ex);
		return ResponseEntity.internalServerError()
			.body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
					"The gateway failed unexpectedly; the event was not accepted"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		this.metrics.request(Outcome.UNSUPPORTED_MEDIA_TYPE);
		return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		this.metrics.request(Outcome.INVALID);
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	/**
	 * Gives the framework's problems (405, 415, 404, ...) a type too, like the gateway's
	 * own.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem
				&& (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			String name = (status != null) ? status.name() : "HTTP_" + statusCode.value();
			problem.setType(URI.create(TYPE_PREFIX + name.toLowerCase(Locale.ROOT).replace('_', '-')));
		}
		return response;
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + type));
		problem.setTitle(title);
		return problem;
	}

	private static String describe(List<Violation> violations) {
		StringBuilder detail = new StringBuilder("The body is not a valid lifecycle event: ");
		detail.append(violations.get(0));
		if (violations.size() > 1) {
			detail.append(" (and ").append(violations.size() - 1).append(" more)");
		}
		return detail.toString();
	}

}
