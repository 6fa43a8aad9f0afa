package io.emabridge.publisher.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.signing.RequestSignature;
import io.emabridge.publisher.Events;

/**
 * Seeded generator of hostile requests to the gateway: valid events taken apart in every
 * way a broken module, a proxy or an attacker could, each with a valid or a broken
 * signature. The same seed gives the same requests.
 */
public final class BadRequests {

	private static final List<String> WRONG_VALUES = List.of("42", "-1", "1e999", "true", "null", "[]", "{}", "\"\"",
			"\"x\"", "[1,2,3]", "{\"a\":{\"b\":[]}}", "99999999999999999999999999", "\"2026-13-45T99:99:99Z\"");

	private static final List<String> FIELDS = List.of("eventId", "type", "occurredAt", "serviceId", "clientId",
			"productId", "serverId", "domain", "client", "options", "suspendReason", "companyName", "email",
			"requestedSlug", "slugPrefix", "plan");

	/**
	 * Text the schema allows and storage cannot hold: control characters other than tab
	 * and newline, escaped or raw, and UTF-16 surrogates without their pair.
	 */
	private static final List<String> UNSTORABLE_TEXT = List.of("\\u0000", "\\u0008", "\\u000b", "\\f", "\\u001B",
			"\\u007f", "\u007f", "\\u0080", "\u0085", "\\u009F", "\\ud800", "\\uDBFF", "\\udc00", "\\ude00\\ud83d",
			"x\\ud83d");

	private static final List<String> TEXT_FIELDS = List.of("domain", "companyName", "firstName", "lastName", "email",
			"slugPrefix", "plan", "suspendReason");

	private final Random random;

	private final String secret;

	private final int maxBodySize;

	private final List<Function<byte[], Mutated>> mutations = List.of(this::truncated, this::bytesFlipped,
			this::invalidUtf8, this::deeplyNested, this::hugeField, this::wrongType, this::unknownType,
			this::unknownField, this::notAnObject, this::duplicateKey, this::unstorableText, this::valid);

	public BadRequests(long seed, String secret, int maxBodySize) {
		this.random = new Random(seed);
		this.secret = secret;
		this.maxBodySize = maxBodySize;
	}

	public Request next() {
		EventType type = EventType.values()[this.random.nextInt(EventType.values().length)];
		byte[] valid = Events.json(type, UUID.randomUUID(), 1 + this.random.nextInt(1_000_000));
		Mutated mutated = this.mutations.get(this.random.nextInt(this.mutations.size())).apply(valid);
		return sign(mutated);
	}

	private Request sign(Mutated mutated) {
		long now = Instant.now().getEpochSecond();
		int choice = this.random.nextInt(10);
		return switch (choice) {
			case 0 -> new Request(mutated.name() + ", wrong secret", mutated.body(), Long.toString(now),
					RequestSignature.sign("not-the-secret", now, mutated.body()), false, mutated.refused());
			case 1 -> new Request(mutated.name() + ", timestamp an hour old", mutated.body(), Long.toString(now - 3600),
					RequestSignature.sign(this.secret, now - 3600, mutated.body()), false, mutated.refused());
			case 2 -> new Request(mutated.name() + ", signed over other bytes", mutated.body(), Long.toString(now),
					RequestSignature.sign(this.secret, now, otherBytes(mutated.body())), false, mutated.refused());
			case 3 -> new Request(mutated.name() + ", malformed signature", mutated.body(), Long.toString(now),
					"sha256=" + "zz".repeat(32), false, mutated.refused());
			case 4 ->
				new Request(mutated.name() + ", no signature", mutated.body(), null, null, false, mutated.refused());
			default -> new Request(mutated.name(), mutated.body(), Long.toString(now),
					RequestSignature.sign(this.secret, now, mutated.body()), true, mutated.refused());
		};
	}

	private static byte[] otherBytes(byte[] body) {
		byte[] other = java.util.Arrays.copyOf(body, body.length + 1);
		other[body.length] = ' ';
		return other;
	}

	private Mutated valid(byte[] body) {
		return new Mutated("valid", body);
	}

	private Mutated truncated(byte[] body) {
		int length = this.random.nextInt(body.length);
		return new Mutated("truncated to " + length + " bytes", java.util.Arrays.copyOf(body, length));
	}

	private Mutated bytesFlipped(byte[] body) {
		byte[] copy = body.clone();
		int flips = 1 + this.random.nextInt(5);
		for (int i = 0; i < flips; i++) {
			copy[this.random.nextInt(copy.length)] = (byte) this.random.nextInt(256);
		}
		return new Mutated(flips + " bytes replaced", copy);
	}

	private Mutated invalidUtf8(byte[] body) {
		List<byte[]> sequences = List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xE2, (byte) 0x82 },
				new byte[] { (byte) 0xC0, (byte) 0xAF });
		byte[] sequence = sequences.get(this.random.nextInt(sequences.size()));
		String text = new String(body, StandardCharsets.UTF_8);
		int at = text.indexOf("\"type\":\"") + 8;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
		out.writeBytes(sequence);
		out.writeBytes(text.substring(at).getBytes(StandardCharsets.UTF_8));
		return new Mutated("invalid UTF-8 in a string", out.toByteArray());
	}

	private Mutated deeplyNested(byte[] body) {
		int depth = 10 + this.random.nextInt(20_000);
		String text = new String(body, StandardCharsets.UTF_8);
		String nested = "[".repeat(depth) + "]".repeat(depth);
		String changed = text.substring(0, text.length() - 1) + ",\"x\":" + nested + "}";
		return new Mutated("nested " + depth + " deep", changed.getBytes(StandardCharsets.UTF_8));
	}

	private Mutated hugeField(byte[] body) {
		int size = this.random.nextBoolean() ? this.maxBodySize + this.random.nextInt(this.maxBodySize)
				: this.random.nextInt(this.maxBodySize / 2);
		String text = new String(body, StandardCharsets.UTF_8);
		String changed = text.replaceFirst("\"serverId\":3", "\"serverId\":3,\"padding\":\"" + "a".repeat(size) + "\"");
		return new Mutated("a field of " + size + " bytes", changed.getBytes(StandardCharsets.UTF_8));
	}

	private Mutated wrongType(byte[] body) {
		String field = FIELDS.get(this.random.nextInt(FIELDS.size()));
		String value = WRONG_VALUES.get(this.random.nextInt(WRONG_VALUES.size()));
		String text = new String(body, StandardCharsets.UTF_8);
		String changed = text.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[0-9]+|true|false|null)",
				"\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(value));
		return new Mutated(field + " = " + value, changed.getBytes(StandardCharsets.UTF_8));
	}

	private Mutated unknownType(byte[] body) {
		String type = List.of("service.delete", "service.Create", "", "SERVICE.CREATE", "service.create ", "create")
			.get(this.random.nextInt(6));
		String changed = new String(body, StandardCharsets.UTF_8).replaceFirst("\"type\":\"[^\"]*\"",
				"\"type\":\"" + type + "\"");
		return new Mutated("type " + type, changed.getBytes(StandardCharsets.UTF_8));
	}

	private Mutated unknownField(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		String changed = text.substring(0, text.length() - 1) + ",\"isAdmin\":true}";
		return new Mutated("unknown field", changed.getBytes(StandardCharsets.UTF_8));
	}

	private Mutated notAnObject(byte[] body) {
		String text = List.of("", " ", "null", "[]", "\"event\"", "42", "{", "}", "{}", "[{}]", "\u0000", "{\"\":}")
			.get(this.random.nextInt(12));
		return new Mutated("body " + text.replace("\u0000", "NUL"), text.getBytes(StandardCharsets.UTF_8));
	}

	private Mutated duplicateKey(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		String changed = text.substring(0, text.length() - 1) + ",\"serviceId\":99}";
		return new Mutated("duplicate key serviceId", changed.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A control character or a lone surrogate in a text field: valid JSON that fits the
	 * schema, and still refused. Events without free text get it in their event id.
	 */
	private Mutated unstorableText(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		String insert = UNSTORABLE_TEXT.get(this.random.nextInt(UNSTORABLE_TEXT.size()));
		List<String> present = TEXT_FIELDS.stream().filter((name) -> text.contains("\"" + name + "\":\"")).toList();
		String field = present.isEmpty() ? "eventId" : present.get(this.random.nextInt(present.size()));
		int at = text.indexOf("\"" + field + "\":\"") + field.length() + 4;
		at += this.random.nextInt(text.indexOf('"', at) - at + 1);
		String changed = text.substring(0, at) + insert + text.substring(at);
		return new Mutated(field + " with " + insert.replace("\u007f", "DEL").replace("\u0085", "NEL"),
				changed.getBytes(StandardCharsets.UTF_8), true);
	}

	/**
	 * One request: its body and the headers that authenticate it (either may be absent or
	 * wrong).
	 */
	public record Request(String mutation, byte[] body, String timestamp, String signature, boolean signedCorrectly,
			boolean mustBeRefused) {
	}

	/**
	 * A mutated body; {@code refused} when the gateway must refuse it even though it may
	 * fit the schema.
	 */
	private record Mutated(String name, byte[] body, boolean refused) {

		Mutated(String name, byte[] body) {
			this(name, body, false);
		}

	}

}
