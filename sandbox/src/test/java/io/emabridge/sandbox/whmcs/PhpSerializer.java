package io.emabridge.sandbox.whmcs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The tests' own PHP {@code serialize()} of an array keyed by integers with string
 * values.
 */
final class PhpSerializer {

	private PhpSerializer() {
	}

	static String serialize(Map<Integer, String> values) {
		StringBuilder out = new StringBuilder("a:").append(values.size()).append(":{");
		values.forEach((key, value) -> out.append("i:")
			.append(key)
			.append(';')
			.append("s:")
			.append(value.getBytes(StandardCharsets.UTF_8).length)
			.append(":\"")
			.append(value)
			.append("\";"));
		return out.append('}').toString();
	}

	static String base64(String serialized) {
		return Base64.getEncoder().encodeToString(serialized.getBytes(StandardCharsets.UTF_8));
	}

	static String customFields(Map<Integer, String> values) {
		return base64(serialize(values));
	}

}
