package io.emabridge.model.archive;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A call to the archive API that did not succeed.
 * <p>
 * {@link #isRetriable()} is the retry contract: true for timeouts, connection errors and
 * dropped connections (no status, {@link #NO_STATUS}), 408, 429 and every 5xx; false for
 * every other 4xx, which cannot succeed by being sent again. {@link #retryAfter()}
 * carries the server's {@code Retry-After}. For a 409 or 422 the Laravel validation
 * errors are parsed, so that a caller can tell a slug that is {@link #isSlugTaken()
 * taken} from one that is {@link #isSlugInvalid() invalid}. The API key never appears in
 * the message.
 */
public class ArchiveApiException extends RuntimeException {

	/** The status of a failure that got no HTTP answer at all. */
	public static final int NO_STATUS = 0;

	private static final long serialVersionUID = 1L;

	private final String operation;

	private final int status;

	private final boolean retriable;

	private final transient Duration retryAfter;

	private final transient Map<String, List<String>> errors;

	public ArchiveApiException(String operation, int status, String message, Duration retryAfter,
			Map<String, List<String>> errors, Throwable cause) {
		super(message, cause);
		this.operation = operation;
		this.status = status;
		this.retriable = isRetriable(status);
		this.retryAfter = retryAfter;
		this.errors = (errors != null) ? Map.copyOf(errors) : Map.of();
	}

	/**
	 * Whether a request that failed with this status may succeed when sent again later.
	 */
	public static boolean isRetriable(int status) {
		return status == NO_STATUS || status == 408 || status == 429 || status >= 500;
	}

	/**
	 * The client method that failed: {@code list}, {@code get}, {@code usage},
	 * {@code create}, ...
	 */
	public String operation() {
		return this.operation;
	}

	/**
	 * The HTTP status, or {@link #NO_STATUS} when no answer came (timeout, connection
	 * refused or dropped).
	 */
	public int status() {
		return this.status;
	}

	public boolean isRetriable() {
		return this.retriable;
	}

	/** The delay the server asked for with {@code Retry-After}, if it did. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/**
	 * Validation errors by field ({@code errors.slug[...]}), empty when the answer had
	 * none.
	 */
	public Map<String, List<String>> errors() {
		return this.errors;
	}

	/** The answer came with a 401 or 403: the key is missing, wrong or not allowed. */
	public boolean isUnauthorized() {
		return this.status == 401 || this.status == 403;
	}

	public boolean isNotFound() {
		return this.status == 404;
	}

	/** A 409, or a 422 whose slug errors say the slug has already been taken. */
	public boolean isSlugTaken() {
		if (this.status == 409) {
			return true;
		}
		return this.status == 422 && slugErrors().stream().anyMatch(ArchiveApiException::saysTaken);
	}

	/**
	 * A 422 that refuses the slug for another reason than it being taken (format, length,
	 * reserved word).
	 */
	public boolean isSlugInvalid() {
		return this.status == 422 && !slugErrors().isEmpty() && !isSlugTaken();
	}

	private List<String> slugErrors() {
		return this.errors.getOrDefault("slug", List.of());
	}

	private static boolean saysTaken(String message) {
		String lower = message.toLowerCase(Locale.ROOT);
		return lower.contains("taken") || lower.contains("already exists") || lower.contains("not available");
	}

}
