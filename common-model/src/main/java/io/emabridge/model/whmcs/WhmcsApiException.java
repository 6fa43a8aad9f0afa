package io.emabridge.model.whmcs;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/**
 * A call to the WHMCS API that did not succeed.
 * <p>
 * {@link #isRetriable()} is the retry contract: true for timeouts, connection errors and
 * every 5xx (and 429); false for 403 (credentials wrong or the caller's IP not allowed:
 * only an administrator can fix that) and for {@code "result":"error"} answers, unless
 * their message says the failure is temporary. The secret never appears in the message.
 */
public class WhmcsApiException extends RuntimeException {

	/** The status of a failure that got no HTTP answer at all. */
	public static final int NO_STATUS = 0;

	private static final long serialVersionUID = 1L;

	private final String action;

	private final int status;

	private final boolean retriable;

	private final boolean refused;

	public WhmcsApiException(String action, int status, boolean retriable, String message, Throwable cause) {
		this(action, status, retriable, false, message, cause);
	}

	/**
	 * A failed call that WHMCS answered with {@code "result":"error"} when
	 * {@code refused}.
	 * @param refused whether WHMCS said it did not carry the action out
	 */
	public WhmcsApiException(String action, int status, boolean retriable, boolean refused, String message,
			Throwable cause) {
		super(message, cause);
		this.action = action;
		this.status = status;
		this.retriable = retriable;
		this.refused = refused;
	}

	/** The API action that failed, e.g. {@code UpdateClientProduct}. */
	public String action() {
		return this.action;
	}

	/**
	 * The HTTP status, or {@link #NO_STATUS} when no answer came. A
	 * {@code "result":"error"} comes with 200.
	 */
	public int status() {
		return this.status;
	}

	public boolean isRetriable() {
		return this.retriable;
	}

	/**
	 * WHMCS answered {@code "result":"error"} with its message: the action was not
	 * carried out.
	 */
	public boolean isRefusal() {
		return this.refused;
	}

	/**
	 * WHMCS cannot have acted on the request: the connection was never made (refused, or
	 * the connect timeout). A timeout or a dropped connection after the request went out
	 * leaves the outcome unknown, and so is not this.
	 */
	public boolean neverSent() {
		Throwable cause = getCause();
		return this.status == NO_STATUS
				&& (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException);
	}

	/** The credentials were refused (403). */
	public boolean isAuthenticationFailure() {
		return this.status == 403;
	}

}
