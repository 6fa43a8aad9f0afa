package io.emabridge.sandbox.whmcs;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PhpSerializedArrayTests {

	private static Map<Integer, String> decode(String serialized) {
		return PhpSerializedArray.decode(serialized.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void decodesAnArrayOfStrings() {
		assertThat(decode("a:2:{i:12;s:9:\"acme-corp\";i:14;s:2:\"42\";}")).containsExactly(Map.entry(12, "acme-corp"),
				Map.entry(14, "42"));
	}

	@Test
	void acceptsIntegerValuesAndNumericStringKeys() {
		assertThat(decode("a:2:{i:14;i:42;s:2:\"15\";s:1:\"3\";}")).containsExactly(Map.entry(14, "42"),
				Map.entry(15, "3"));
	}

	@Test
	void acceptsAnEmptyArray() {
		assertThat(decode("a:0:{}")).isEmpty();
	}

	@Test
	void usesUtf8ByteLengths() {
		assertThat(decode("a:1:{i:12;s:7:\"Müller\";}")).containsEntry(12, "Müller");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a:1:{i:12;s:6:\"Müller\";}", // character count instead of
															// byte count
			"a:1:{i:12;s:10:\"acme-corp\";}", // too long
			"a:1:{i:12;s:8:\"acme-corp\";}", // too short
			"a:2:{i:12;s:9:\"acme-corp\";}", // fewer entries than declared
			"a:1:{i:12;s:9:\"acme-corp\";i:13;s:1:\"x\";}", // more entries than declared
			"a:1:{i:12;s:9:\"acme-corp\";}trailing", // data after the array
			"a:1:{i:12;s:9:\"acme-corp\"}", // missing ';'
			"a:1:{d:1.5;s:1:\"x\";}", // float key
			"a:1:{s:4:\"slug\";s:1:\"x\";}", // non-numeric key
			"a:1:{i:12;b:1;}", // boolean value
			"a:1:{i:12;a:0:{}}", // nested array
			"a:1:{i:012;s:1:\"x\";}", // leading zero
			"s:9:\"acme-corp\";", // not an array
			"a:1:{i:12;s:9:\"acme-corp\";", // unterminated
			"a:2:{i:12;s:1:\"x\";i:12;s:1:\"y\";}", // duplicate key
			"" })
	void rejectsMalformedValues(String serialized) {
		assertThatIllegalArgumentException().isThrownBy(() -> decode(serialized));
	}

	@Test
	void rejectsInvalidUtf8() {
		byte[] bytes = { 'a', ':', '1', ':', '{', 'i', ':', '1', ';', 's', ':', '1', ':', '"', (byte) 0xC3, '"', ';',
				'}' };
		assertThatIllegalArgumentException().isThrownBy(() -> PhpSerializedArray.decode(bytes))
			.withMessageContaining("UTF-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not base64!", "YTox e2k6MTI7czox" })
	void rejectsInvalidBase64(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> PhpSerializedArray.decodeBase64(value))
			.withMessageContaining("base64");
	}

}
