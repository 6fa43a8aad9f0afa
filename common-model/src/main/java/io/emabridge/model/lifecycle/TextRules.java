package io.emabridge.model.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the bridge can store of a text value, beyond what the JSON Schema says. Valid JSON
 * may carry text that no store downstream can hold: {@code "\u0000"} (what PHP's
 * {@code json_encode} makes of a NUL byte) is refused by PostgreSQL's {@code text}, other
 * control characters break the archive's and WHMCS's records and the operator's logs, and
 * a UTF-16 surrogate without its pair is no character at all, so it cannot be written as
 * UTF-8. Tab, line feed and carriage return are text; every other C0 control, DEL, the C1
 * controls ({@code U+0080}-{@code U+009F}) and lone surrogates are not.
 * <p>
 * Kept apart from the schema on purpose: the gateway refuses new events that break these
 * rules, while the workers, which validate with the schema, stay lenient towards events
 * of older versions already in Kafka.
 */
public final class TextRules {

	private static final String ALLOWED = "only tab, line feed and carriage return are allowed";

	private TextRules() {
	}

	/**
	 * Checks every string value of a raw JSON document. Never throws: bytes that are not
	 * a JSON document give no violation here, since the schema check reports them.
	 * @return one violation per offending value, naming it by JSON pointer
	 */
	public static List<Violation> check(byte[] rawJson) {
		if (rawJson == null || rawJson.length == 0 || rawJson.length > LifecycleEventJson.MAX_DOCUMENT_BYTES) {
			return List.of();
		}
		JsonNode document;
		try {
			document = LifecycleEventJson.mapper().readTree(rawJson);
		}
		catch (JacksonException ex) {
			return List.of();
		}
		return (document != null) ? check(document) : List.of();
	}

	/** Checks every string value of a parsed document, however deeply nested. */
	public static List<Violation> check(JsonNode document) {
		List<Violation> violations = new ArrayList<>();
		collect(document, "", violations);
		return List.copyOf(violations);
	}

	/**
	 * What is wrong with one text value, if anything.
	 * @return a message naming the first character that cannot be stored, or empty when
	 * the text may be stored
	 */
	public static Optional<String> problem(CharSequence text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return Optional.of("contains a UTF-16 surrogate without its pair (" + codePoint(c)
						+ "), which is not a character");
			}
			else if (isControl(c)) {
				return Optional
					.of("contains the control character " + codePoint(c) + ", which cannot be stored; " + ALLOWED);
			}
		}
		return Optional.empty();
	}

	private static boolean isControl(char c) {
		return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
	}

	private static void collect(JsonNode node, String pointer, List<Violation> violations) {
		if (node.isString()) {
			problem(node.asString()).ifPresent((message) -> violations.add(new Violation(pointer, message)));
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				collect(property.getValue(), pointer + "/" + escape(property.getKey()), violations);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collect(node.get(i), pointer + "/" + i, violations);
			}
		}
	}

	private static String codePoint(char c) {
		return String.format("U+%04X", (int) c);
	}

	private static String escape(String property) {
		return property.replace("~", "~0").replace("/", "~1");
	}

}
