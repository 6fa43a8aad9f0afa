package io.emabridge.sandbox;

import java.time.Instant;

/**
 * One API request as a sandbox saw it. Control requests ({@code /_sandbox/...}) are never
 * recorded.
 *
 * @param sequence increasing number, unique per sandbox
 * @param time when the request arrived
 * @param method HTTP method
 * @param path request path, without the query
 * @param query raw query string, or null
 * @param action WHMCS API action, or null for the archive sandbox
 * @param status HTTP status answered, or {@link #DROPPED} when the connection was closed
 * without an answer
 * @param keyId who called: a key id derived from the archive API key (never the key
 * itself), or the WHMCS API identifier (never the secret); null when the request carried
 * no credentials
 * @param fault the injected fault ("latency" is not listed), e.g. {@code error},
 * {@code drop}, {@code rate-limit}, {@code down}, {@code error-after-apply},
 * {@code drop-after-apply}; or null
 * @param durationMs time spent answering, in milliseconds
 */
public record RecordedRequest(long sequence, Instant time, String method, String path, String query, String action,
		int status, String keyId, String fault, long durationMs) {

	/** Status recorded for a dropped connection. */
	public static final int DROPPED = -1;

	public boolean dropped() {
		return this.status == DROPPED;
	}
}
