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
	 * Decodes the base64 text of a serialized array.
	 * @throws IllegalArgumentException when the value is not strict base64 of a
	 * serialized array
	 */
	public static Map<Integer, String> decodeBase64(String base64) {
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("not valid base64");
		}
		return decode(raw);
	}

	/**
	 * Decodes the bytes of a serialized array.
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
		if (this.pos != this.in.length) {
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
		if (length > this.in.length - this.pos) {
			throw fail("string length " + length + " runs past the end of the data");
		}
		int start = this.pos;
		this.pos += (int) length;
		if (this.pos >= this.in.length || this.in[this.pos] != '"') {
			throw fail("string length " + length + " does not match the string (lengths are UTF-8 byte counts)");
		}
		this.pos++;
		expect(';');
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(this.in, start, (int) length))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw fail("string is not valid UTF-8");
		}
	}

	/**
	 * Decimal digits (no leading zeros, optional minus when signed) up to the terminator,
	 * which is consumed.
	 */
	private long number(char terminator, boolean signed) {
		int start = this.pos;
		if (signed && this.pos < this.in.length && this.in[this.pos] == '-') {
			this.pos++;
		}
		int digitsStart = this.pos;
		while (this.pos < this.in.length && this.in[this.pos] >= '0' && this.in[this.pos] <= '9') {
			this.pos++;
		}
		int digits = this.pos - digitsStart;
		if (digits == 0 || digits > 18 || digits > 1 && this.in[digitsStart] == '0') {
			throw fail("malformed number");
		}
		long value = Long.parseLong(new String(this.in, start, this.pos - start, StandardCharsets.US_ASCII));
		expect(terminator);
		return value;
	}

	private byte next() {
		if (this.pos >= this.in.length) {
			throw fail("unexpected end of data");
		}
		return this.in[this.pos++];
	}

	private void expect(char expected) {
		int at = this.pos;
		if (next() != expected) {
			this.pos = at;
			throw fail("expected '" + expected + "'");
		}
	}

	private IllegalArgumentException fail(String problem) {
		return new IllegalArgumentException(problem + " at byte " + this.pos);
	}

}
