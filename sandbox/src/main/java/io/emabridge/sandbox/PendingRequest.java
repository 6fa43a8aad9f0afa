package io.emabridge.sandbox;

import java.time.Instant;

/**
 * An API request a sandbox is answering right now: it arrived and has no answer yet (it
 * may be waiting out an injected latency). Once answered it shows in the request log
 * instead, as a {@link RecordedRequest}.
 *
 * @param arrived when the request arrived
 * @param method HTTP method
 * @param path request path, without the query
 * @param action WHMCS API action, or null for the archive sandbox
 */
public record PendingRequest(Instant arrived, String method, String path, String action) {
}
