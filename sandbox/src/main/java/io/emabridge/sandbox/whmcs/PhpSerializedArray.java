package io.emabridge.sandbox.whmcs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strict reader of the {@code customfields} value of {@code UpdateClientProduct}: base64
 * of a PHP {@code serialize()}d array keyed by custom field id, e.g.
 * {@code a:1:{i:12;s:9:"acme-corp";}}. String lengths must be exact UTF-8 byte counts;
 * keys must be integers; values strings or integers; nothing may follow the array.
 */
public final class PhpSerializedArray {

	private final byte[] in;

	private int pos;

	private PhpSerializedArray(byte[] in) {
		this.in = in;
	}

	/**
	 * @throws IllegalArgumentException when the value is not strict base64 of a
	 * serialized array
	 */
	public static Map<Integer, String> decodeBase64(String base64) {
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("not valid base64");
		}
		return decode(raw);
	}

	/**
	 * @throws IllegalArgumentException when the bytes are not a serialized array of the
	 * accepted shape
	 */
	public static Map<Integer, String> decode(byte[] serialized) {
		return new PhpSerializedArray(serialized).array();
	}

	private Map<Integer, String> array() {
		expect('a');
		expect(':');
		long count = number(':', false);
		expect('{');
		Map<Integer, String> values = new LinkedHashMap<>();
		for (long i = 0; i < count; i++) {
			int key = key();
			if (values.put(key, value()) != null) {
				throw fail("duplicate key " + key);
			}
		}
		expect('}');
		if (pos != in.length) {
			throw fail("unexpected data after the array");
		}
		return values;
	}

	private int key() {
		byte type = next();
		long key;
		if (type == 'i') {
			expect(':');
			key = number(';', true);
		}
		else if (type == 's') {
			String text = string();
			if (!text.matches("0|-?[1-9]\\d{0,9}")) {
				throw fail("key \"" + text + "\" is not a custom field id");
			}
			key = Long.parseLong(text);
		}
		else {
			throw fail("keys must be integers");
		}
		if (key < Integer.MIN_VALUE || key > Integer.MAX_VALUE) {
			throw fail("key out of range");
		}
		return (int) key;
	}

	private String value() {
		byte type = next();
		if (type == 'i') {
			expect(':');
			return Long.toString(number(';', true));
		}
		if (type == 's') {
			return string();
		}
		throw fail("values must be strings or integers");
	}

	/** {@code s:<len>:"<len bytes>";} with the leading {@code s} already read. */
	private String string() {
		expect(':');
		long length = number(':', false);
		expect('"');
		if (length > in.length - pos) {
			throw fail("string length " + length + " runs past the end of the data");
		}
		int start = pos;
		pos += (int) length;
		if (pos >= in.length || in[pos] != '"') {
			throw fail("string length " + length + " does not match the string (lengths are UTF-8 byte counts)");
		}
		pos++;
		expect(';');
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(in, start, (int) length))
				.toString();
		}
		catch (CharacterCodingException e) {
			throw fail("string is not valid UTF-8");
		}
	}

	/**
	 * Decimal digits (no leading zeros, optional minus when signed) up to the terminator,
	 * which is consumed.
	 */
	private long number(char terminator, boolean signed) {
		int start = pos;
		if (signed && pos < in.length && in[pos] == '-') {
			pos++;
		}
		int digitsStart = pos;
		while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
			pos++;
		}
		int digits = pos - digitsStart;
		if (digits == 0 || digits > 18 || digits > 1 && in[digitsStart] == '0') {
			throw fail("malformed number");
		}
		long value = Long.parseLong(new String(in, start, pos - start, StandardCharsets.US_ASCII));
		expect(terminator);
		return value;
	}

	private byte next() {
		if (pos >= in.length) {
			throw fail("unexpected end of data");
		}
		return in[pos++];
	}

	private void expect(char expected) {
		int at = pos;
		if (next() != expected) {
			pos = at;
			throw fail("expected '" + expected + "'");
		}
	}

	private IllegalArgumentException fail(String problem) {
		return new IllegalArgumentException(problem + " at byte " + pos);
	}

}
