package io.emabridge.sandbox.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;

/**
 * One request, with its body already read. Sandboxes fill in {@link #keyId} and
 * {@link #action} for the log.
 */
public final class ApiRequest {

	private final HttpExchange exchange;

	private final String method;

	private final String path;

	private final String rawQuery;

	private final byte[] body;

	private Map<String, String> query;

	private Map<String, String> form;

	private String keyId;

	private String action;

	private Object credential;

	ApiRequest(HttpExchange exchange, byte[] body) {
		this.exchange = exchange;
		this.method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
		this.path = exchange.getRequestURI().getRawPath();
		this.rawQuery = exchange.getRequestURI().getRawQuery();
		this.body = body;
	}

	public String method() {
		return this.method;
	}

	/** The raw (still percent-encoded) path; see {@link #segmentsAfter(String)}. */
	public String path() {
		return this.path;
	}

	public String rawQuery() {
		return this.rawQuery;
	}

	public byte[] body() {
		return this.body;
	}

	/**
	 * The caller's IP address, as a server sees it ({@code 127.0.0.1} for a local test).
	 */
	public String remoteAddress() {
		java.net.InetSocketAddress remote = this.exchange.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "";
	}

	public String header(String name) {
		return this.exchange.getRequestHeaders().getFirst(name);
	}

	/** Query parameters; malformed escapes are answered 400. */
	public Map<String, String> query() {
		if (this.query == null) {
			this.query = Collections.unmodifiableMap(decodeForm(this.rawQuery, new LinkedHashMap<>()));
		}
		return this.query;
	}

	/**
	 * Form fields of a urlencoded body, merged over the query parameters; malformed
	 * escapes are answered 400.
	 */
	public Map<String, String> form() {
		if (this.form == null) {
			Map<String, String> merged = decodeForm(this.rawQuery, new LinkedHashMap<>());
			this.form = Collections.unmodifiableMap(decodeForm(new String(this.body, StandardCharsets.UTF_8), merged));
		}
		return this.form;
	}

	public JsonNode jsonBody() {
		return Json.objectBody(this.body);
	}

	/**
	 * The decoded path segments after {@code prefix}, or null when the path does not
	 * start with it. {@code /a/b/} after {@code /a} gives {@code ["b"]}.
	 */
	public List<String> segmentsAfter(String prefix) {
		if (!this.path.equals(prefix) && !this.path.startsWith(prefix + "/")) {
			return null;
		}
		List<String> segments = new ArrayList<>(3);
		for (String raw : this.path.substring(prefix.length()).split("/")) {
			if (!raw.isEmpty()) {
				segments.add(decodeSegment(raw));
			}
		}
		return segments;
	}

	private static String decodeSegment(String raw) {
		try {
			return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new ReplyException(Reply.json(400, Json.obj("message", "Malformed path.")));
		}
	}

	private static Map<String, String> decodeForm(String encoded, Map<String, String> target) {
		try {
			return FormData.parseInto(encoded, target);
		}
		catch (IllegalArgumentException ex) {
			throw new ReplyException(Reply.json(400, Json.obj("message", "Malformed form or query encoding.")));
		}
	}

	public String keyId() {
		return this.keyId;
	}

	public void keyId(String id) {
		this.keyId = id;
	}

	public String action() {
		return this.action;
	}

	public void action(String name) {
		this.action = name;
	}

	/**
	 * Whatever the sandbox extracted as the caller's credential while identifying the
	 * request.
	 */
	@SuppressWarnings("unchecked")
	public <T> T credential() {
		return (T) this.credential;
	}

	public void credential(Object value) {
		this.credential = value;
	}

}
