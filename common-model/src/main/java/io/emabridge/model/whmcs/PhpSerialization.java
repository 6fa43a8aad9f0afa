package io.emabridge.model.whmcs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code customfields} parameter of the WHMCS API: a PHP {@code serialize()}d array
 * from custom-field id to value, base64-encoded. Only that shape is supported: integer
 * keys and string values ({@code a:1:{i:12;s:9:"acme-corp";}}). String lengths count
 * UTF-8 bytes, as PHP strings are byte strings.
 * <p>
 * Decoding is strict, since a wrong byte count silently shifts every later value in PHP:
 * anything but exactly that shape is refused with an {@link IllegalArgumentException}
 * that says where it went wrong. Integer values ({@code i:5;}) are accepted as their
 * decimal text, because PHP serializes a numeric field value that way.
 */
public final class PhpSerialization {

	private PhpSerialization() {
	}

	/** The base64 of the serialized array, keys in the map's iteration order. */
	public static String encodeCustomFields(Map<Integer, String> fields) {
		if (fields == null) {
			throw new IllegalArgumentException("customfields must not be null");
		}
		StringBuilder php = new StringBuilder("a:").append(fields.size()).append(":{");
		fields.forEach((id, value) -> {
			if (id == null || value == null) {
				throw new IllegalArgumentException("customfields must not contain null ids or values: " + fields);
			}
			php.append("i:").append(id).append(';');
			php.append("s:").append(value.getBytes(StandardCharsets.UTF_8).length).append(":\"");
			php.append(value).append("\";");
		});
		php.append('}');
		return Base64.getEncoder().encodeToString(php.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The {@code customvars} parameter of {@code SendEmail}: the base64 of the serialized
	 * array from variable name to text, in the map's iteration order.
	 */
	public static String encodeVariables(Map<String, String> variables) {
		if (variables == null) {
			throw new IllegalArgumentException("customvars must not be null");
		}
		StringBuilder php = new StringBuilder("a:").append(variables.size()).append(":{");
		variables.forEach((name, value) -> {
			if (name == null || value == null) {
				throw new IllegalArgumentException("customvars must not contain null names or values: " + variables);
			}
			appendString(php, name);
			appendString(php, value);
		});
		php.append('}');
		return Base64.getEncoder().encodeToString(php.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The variables in {@code base64} ({@code SendEmail}'s {@code customvars}), in their
	 * serialized order.
	 * @throws IllegalArgumentException when the text is not base64 of a serialized array
	 * of string keys and string or integer values
	 */
	public static Map<String, String> decodeVariables(String base64) {
		if (base64 == null) {
			throw new IllegalArgumentException("customvars must not be null");
		}
		byte[] php;
		try {
			php = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("customvars is not valid base64: " + ex.getMessage(), ex);
		}
		return new Reader(php).variables();
	}

	private static void appendString(StringBuilder php, String value) {
		php.append("s:").append(value.getBytes(StandardCharsets.UTF_8).length).append(":\"");
		php.append(value).append("\";");
	}

	/**
	 * The fields in {@code base64}, in their serialized order.
	 * @throws IllegalArgumentException when the text is not base64 of a serialized array
	 * of integer keys and string or integer values, byte counts and element count exact,
	 * nothing after it
	 */
	public static Map<Integer, String> decodeCustomFields(String base64) {
		if (base64 == null) {
			throw new IllegalArgumentException("customfields must not be null");
		}
		byte[] php;
		try {
			php = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("customfields is not valid base64: " + ex.getMessage(), ex);
		}
		return new Reader(php).customFields();
	}

	/** A cursor over the serialized bytes. */
	private static final class Reader {

		private final byte[] bytes;

		private int position;

		Reader(byte[] bytes) {
			this.bytes = bytes;
		}

		Map<Integer, String> customFields() {
			expect("a:");
			long count = count(':');
			expect("{");
			Map<Integer, String> fields = new LinkedHashMap<>();
			for (long i = 0; i < count; i++) {
				int keyAt = this.position;
				expect("i:");
				long key = integer(';');
				if (key < Integer.MIN_VALUE || key > Integer.MAX_VALUE) {
					throw fail(keyAt, "custom field id " + key + " is out of range");
				}
				String value = value();
				if (fields.put((int) key, value) != null) {
					throw fail(keyAt, "custom field id " + key + " appears twice");
				}
			}
			expect("}");
			if (this.position != this.bytes.length) {
				throw fail(this.position, "unexpected bytes after the array");
			}
			return Collections.unmodifiableMap(fields);
		}

		Map<String, String> variables() {
			expect("a:");
			long count = count(':');
			expect("{");
			Map<String, String> variables = new LinkedHashMap<>();
			for (long i = 0; i < count; i++) {
				int keyAt = this.position;
				if (!startsWith("s:")) {
					throw fail(keyAt, "expected a string key 's:'");
				}
				String name = value();
				if (variables.put(name, value()) != null) {
					throw fail(keyAt, "variable " + name + " appears twice");
				}
			}
			expect("}");
			if (this.position != this.bytes.length) {
				throw fail(this.position, "unexpected bytes after the array");
			}
			return Collections.unmodifiableMap(variables);
		}

		private String value() {
			int start = this.position;
			if (startsWith("i:")) {
				this.position += 2;
				return Long.toString(integer(';'));
			}
			if (!startsWith("s:")) {
				throw fail(start, "expected a string value 's:' or an integer value 'i:'");
			}
			this.position += 2;
			long length = count(':');
			expect("\"");
			if (length > this.bytes.length - this.position) {
				throw fail(start, "string length " + length + " runs past the end of the data");
			}
			int from = this.position;
			this.position += (int) length;
			expect("\";");
			try {
				return StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(this.bytes, from, (int) length))
					.toString();
			}
			catch (CharacterCodingException ex) {
				throw fail(from, "string value is not valid UTF-8");
			}
		}

		private long count(char terminator) {
			int start = this.position;
			long count = integer(terminator);
			if (count < 0) {
				throw fail(start, "count must not be negative");
			}
			return count;
		}

		/**
		 * An optionally negative decimal integer without leading zeros, followed by
		 * {@code terminator}.
		 */
		private long integer(char terminator) {
			int start = this.position;
			boolean negative = startsWith("-");
			if (negative) {
				this.position++;
			}
			int digitsFrom = this.position;
			long value = 0;
			while (this.position < this.bytes.length && isDigit(this.bytes[this.position])) {
				int digit = this.bytes[this.position] - '0';
				if (value > (Long.MAX_VALUE - digit) / 10) {
					throw fail(start, "integer is too large");
				}
				value = value * 10 + digit;
				this.position++;
			}
			int digits = this.position - digitsFrom;
			if (digits == 0 || (digits > 1 && this.bytes[digitsFrom] == '0') || (negative && value == 0)) {
				throw fail(start, "expected an integer");
			}
			expect(String.valueOf(terminator));
			return negative ? -value : value;
		}

		private void expect(String token) {
			if (!startsWith(token)) {
				throw fail(this.position, "expected '" + token + "'");
			}
			this.position += token.length();
		}

		private boolean startsWith(String token) {
			if (this.bytes.length - this.position < token.length()) {
				return false;
			}
			for (int i = 0; i < token.length(); i++) {
				if (this.bytes[this.position + i] != token.charAt(i)) {
					return false;
				}
			}
			return true;
		}

		private static boolean isDigit(byte b) {
			return b >= '0' && b <= '9';
		}

		private IllegalArgumentException fail(int at, String problem) {
			return new IllegalArgumentException(
					"customfields is not a serialized array of custom field values: " + problem + " at byte " + at);
		}

	}

}
