package io.emabridge.sandbox.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} text (request bodies and query
 * strings).
 */
public final class FormData {

	private FormData() {
	}

	/**
	 * Decodes the pairs of {@code encoded} into {@code target}; a repeated name keeps its
	 * last value.
	 * @throws IllegalArgumentException on malformed percent escapes
	 */
	public static Map<String, String> parseInto(String encoded, Map<String, String> target) {
		if (encoded == null || encoded.isEmpty()) {
			return target;
		}
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = (eq < 0) ? pair : pair.substring(0, eq);
			String value = (eq < 0) ? "" : pair.substring(eq + 1);
			target.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return target;
	}

	public static Map<String, String> parse(String encoded) {
		return parseInto(encoded, new LinkedHashMap<>());
	}

}
