package io.emabridge.sandbox.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer, built before it is sent so that faults can replace it. */
public record Reply(int status, Map<String, String> headers, byte[] body) {

	public static final String JSON_TYPE = "application/json; charset=utf-8";

	public Reply {
		headers = Map.copyOf(headers);
	}

	public static Reply json(int status, Object body) {
		return new Reply(status, Map.of("Content-Type", JSON_TYPE), Json.bytes(body));
	}

	public static Reply text(int status, String contentType, String body) {
		return new Reply(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
	}

	public static Reply methodNotAllowed(String method) {
		return json(405, Json.obj("message", "The " + method + " method is not supported for this route."));
	}

	public Reply withHeader(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new Reply(this.status, copy, this.body);
	}
}
