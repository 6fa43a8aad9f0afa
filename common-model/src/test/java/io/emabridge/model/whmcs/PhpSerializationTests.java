package io.emabridge.model.whmcs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PhpSerializationTests {

	@Test
	void encodesTheDocumentedExample() {
		assertThat(php(PhpSerialization.encodeCustomFields(Map.of(12, "acme-corp"))))
			.isEqualTo("a:1:{i:12;s:9:\"acme-corp\";}");
	}

	@Test
	void encodesEmailVariablesByName() {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("archive_url", "https://acme.archive.example");
		variables.put("archive_slug", "müller");
		String encoded = PhpSerialization.encodeVariables(variables);
		assertThat(php(encoded)).isEqualTo("a:2:{s:11:\"archive_url\";s:28:\"https://acme.archive.example\";"
				+ "s:12:\"archive_slug\";s:7:\"müller\";}");
		assertThat(PhpSerialization.decodeVariables(encoded)).containsExactlyEntriesOf(variables);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a:1:{i:1;s:1:\"x\";}", "a:1:{s:2:\"x\";s:1:\"y\";}", "a:2:{s:1:\"x\";s:1:\"y\";}",
			"a:1:{s:1:\"x\";s:1:\"y\";}junk" })
	void refusesVariablesThatAreNotAnArrayOfNamedTexts(String php) {
		String encoded = Base64.getEncoder().encodeToString(php.getBytes(StandardCharsets.UTF_8));
		assertThatIllegalArgumentException().isThrownBy(() -> PhpSerialization.decodeVariables(encoded));
	}

	@Test
	void encodesEmptyMap() {
		assertThat(php(PhpSerialization.encodeCustomFields(Map.of()))).isEqualTo("a:0:{}");
		assertThat(PhpSerialization.encodeCustomFields(Map.of())).isEqualTo("YTowOnt9");
	}

	@Test
	void countsUtf8BytesNotCharacters() {
		assertThat(php(PhpSerialization.encodeCustomFields(Map.of(3, "Müller"))))
			.isEqualTo("a:1:{i:3;s:7:\"Müller\";}");
		assertThat(php(PhpSerialization.encodeCustomFields(Map.of(3, "😀")))).isEqualTo("a:1:{i:3;s:4:\"😀\";}");
		assertThat(php(PhpSerialization.encodeCustomFields(Map.of(3, "")))).isEqualTo("a:1:{i:3;s:0:\"\";}");
	}

	@Test
	void keepsTheMapsOrder() {
		Map<Integer, String> fields = new LinkedHashMap<>();
		fields.put(30, "c");
		fields.put(1, "a");
		fields.put(20, "b");
		assertThat(php(PhpSerialization.encodeCustomFields(fields)))
			.isEqualTo("a:3:{i:30;s:1:\"c\";i:1;s:1:\"a\";i:20;s:1:\"b\";}");
		assertThat(PhpSerialization.decodeCustomFields(PhpSerialization.encodeCustomFields(fields)))
			.containsExactly(Map.entry(30, "c"), Map.entry(1, "a"), Map.entry(20, "b"));
	}

	@Test
	void writesValuesVerbatimWhateverTheyContain() {
		String value = "say \"hi\"; {a:1;} s:3:\"x\"; \\ '";
		String encoded = PhpSerialization.encodeCustomFields(Map.of(5, value));
		assertThat(php(encoded))
			.isEqualTo("a:1:{i:5;s:" + value.getBytes(StandardCharsets.UTF_8).length + ":\"" + value + "\";}");
		assertThat(PhpSerialization.decodeCustomFields(encoded)).containsExactly(Map.entry(5, value));
	}

	@Test
	void roundTripsAwkwardValues() {
		Map<Integer, String> fields = new LinkedHashMap<>();
		fields.put(1, "Müller & Söhne");
		fields.put(2, "\";}");
		fields.put(3, "line\nbreak\u0000nul");
		fields.put(-4, "日本語");
		fields.put(Integer.MAX_VALUE, "");
		assertThat(PhpSerialization.decodeCustomFields(PhpSerialization.encodeCustomFields(fields)))
			.containsExactlyEntriesOf(fields);
	}

	@Test
	void roundTripsRandomMaps() {
		Random random = new Random(12);
		for (int i = 0; i < 500; i++) {
			Map<Integer, String> fields = new LinkedHashMap<>();
			for (int n = random.nextInt(6); n > 0; n--) {
				StringBuilder value = new StringBuilder();
				for (int c = random.nextInt(20); c > 0; c--) {
					value.appendCodePoint(randomCodePoint(random));
				}
				fields.put(random.nextInt(), value.toString());
			}
			assertThat(PhpSerialization.decodeCustomFields(PhpSerialization.encodeCustomFields(fields)))
				.containsExactlyEntriesOf(fields);
		}
	}

	@Test
	void refusesNullMapIdOrValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> PhpSerialization.encodeCustomFields(null));
		Map<Integer, String> nullValue = new HashMap<>();
		nullValue.put(1, null);
		assertThatIllegalArgumentException().isThrownBy(() -> PhpSerialization.encodeCustomFields(nullValue));
		Map<Integer, String> nullId = new HashMap<>();
		nullId.put(null, "x");
		assertThatIllegalArgumentException().isThrownBy(() -> PhpSerialization.encodeCustomFields(nullId));
	}

	@Test
	void decodesTheDocumentedExample() {
		assertThat(decode("a:1:{i:12;s:9:\"acme-corp\";}")).containsExactly(Map.entry(12, "acme-corp"));
	}

	@Test
	void decodesEmptyArray() {
		assertThat(decode("a:0:{}")).isEmpty();
	}

	@Test
	void decodesMultibyteValuesByByteCount() {
		assertThat(decode("a:2:{i:1;s:7:\"Müller\";i:2;s:2:\"ab\";}")).containsExactly(Map.entry(1, "Müller"),
				Map.entry(2, "ab"));
	}

	@Test
	void decodesIntegerValuesAsTheirText() {
		assertThat(decode("a:2:{i:1;i:42;i:2;i:-7;}")).containsExactly(Map.entry(1, "42"), Map.entry(2, "-7"));
	}

	@Test
	void decodesNegativeKeys() {
		assertThat(decode("a:1:{i:-3;s:1:\"x\";}")).containsExactly(Map.entry(-3, "x"));
	}

	@Test
	void decodedMapCannotBeChanged() {
		assertThat(decode("a:1:{i:1;s:1:\"x\";}")).isUnmodifiable();
	}

	@Test
	void acceptsBase64WithoutPadding() {
		String padded = PhpSerialization.encodeCustomFields(Map.of(1, "xy"));
		assertThat(padded).endsWith("==");
		assertThat(PhpSerialization.decodeCustomFields(padded.replace("=", ""))).containsExactly(Map.entry(1, "xy"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "not base64!", "YTowOnt9\n", " YTowOnt9", "YTow*nt9", "Y" })
	void refusesBadBase64(String base64) {
		assertThatIllegalArgumentException().isThrownBy(() -> PhpSerialization.decodeCustomFields(base64))
			.withMessageStartingWith("customfields");
	}

	@Test
	void refusesNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> PhpSerialization.decodeCustomFields(null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a:0:{", "a:0:{}}", "a:0:{} ", "a:0:{}x", "a:1:{}", "a:2:{i:1;s:1:\"x\";}",
			"a:0:{i:1;s:1:\"x\";}", "a:-1:{}", "a:01:{i:1;s:1:\"x\";}", "a:+1:{i:1;s:1:\"x\";}", "a::{}", "A:0:{}",
			"a:0;{}", "s:1:\"x\";", "i:1;", "N;", "a:1:{i:1;s:2:\"x\";}", "a:1:{i:1;s:0:\"x\";}",
			"a:1:{i:1;s:7:\"Müller\"}", "a:1:{i:1;s:6:\"Müller\";}", "a:1:{i:1;s:8:\"Müller\";}",
			"a:1:{i:1;s:99:\"x\";}", "a:1:{i:1;s:-1:\"x\";}", "a:1:{i:1;s:1:x;}", "a:1:{i:1;s:1:\"x\"}",
			"a:1:{i:1;s:1:\"x\";;}", "a:1:{s:1:\"1\";s:1:\"x\";}", "a:1:{s:3:\"abc\";s:1:\"x\";}",
			"a:1:{i:abc;s:1:\"x\";}", "a:1:{i:1.5;s:1:\"x\";}", "a:1:{i:;s:1:\"x\";}", "a:1:{i:-0;s:1:\"x\";}",
			"a:1:{i:2147483648;s:1:\"x\";}", "a:1:{i:1;N;}", "a:1:{i:1;b:1;}", "a:1:{i:1;d:1.5;}", "a:1:{i:1;a:0:{}}",
			"a:1:{i:1;i:99999999999999999999;}", "a:2:{i:1;s:1:\"x\";i:1;s:1:\"y\";}", "a:1:{i:1;S:1:\"x\";}",
			"a:1:{i:1 ;s:1:\"x\";}", "a:99999999999999999999:{}", "a:1:{i:1;s:1:\"x\";" })
	void refusesAnythingButAnArrayOfIntegerKeysAndStringValues(String php) {
		assertThatIllegalArgumentException().isThrownBy(() -> decode(php))
			.withMessageStartingWith("customfields is not a serialized array of custom field values");
	}

	@Test
	void refusesInvalidUtf8InValues() {
		byte[] php = { 'a', ':', '1', ':', '{', 'i', ':', '1', ';', 's', ':', '1', ':', '"', (byte) 0xFC, '"', ';',
				'}' };
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PhpSerialization.decodeCustomFields(Base64.getEncoder().encodeToString(php)))
			.withMessageContaining("not valid UTF-8");
	}

	@Test
	void saysWhereDecodingFailed() {
		assertThatIllegalArgumentException().isThrownBy(() -> decode("a:1:{i:1;s:1:\"x\";}junk"))
			.withMessageEndingWith("unexpected bytes after the array at byte 18");
		assertThatIllegalArgumentException().isThrownBy(() -> decode("a:1:{i:1;b:1;}"))
			.withMessageContaining("expected a string value 's:' or an integer value 'i:' at byte 9");
	}

	@Test
	void randomGarbageIsRefusedWithIllegalArgumentOnly() {
		Random random = new Random(99);
		byte[] valid = "a:2:{i:1;s:7:\"Müller\";i:2;i:5;}".getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < 2_000; i++) {
			byte[] php = valid.clone();
			php[random.nextInt(php.length)] = (byte) random.nextInt(256);
			String base64 = Base64.getEncoder().encodeToString(php);
			try {
				PhpSerialization.decodeCustomFields(base64);
			}
			catch (IllegalArgumentException ex) {
				assertThat(ex).hasMessageStartingWith("customfields");
			}
		}
	}

	private static Map<Integer, String> decode(String php) {
		return PhpSerialization
			.decodeCustomFields(Base64.getEncoder().encodeToString(php.getBytes(StandardCharsets.UTF_8)));
	}

	private static String php(String base64) {
		return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
	}

	private static int randomCodePoint(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> 0x20 + random.nextInt(0x5F);
			case 1 -> "\";:{}\\".charAt(random.nextInt(6));
			case 2 -> 0xA0 + random.nextInt(0x700);
			default -> 0x1F600 + random.nextInt(0x40);
		};
	}

}
