package io.emabridge.sandbox.whmcs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhpSerializerTests {

	@Test
	void serializesLikePhp() {
		assertThat(PhpSerializer.serialize(Map.of(12, "acme-corp"))).isEqualTo("a:1:{i:12;s:9:\"acme-corp\";}");
		assertThat(PhpSerializer.serialize(Map.of())).isEqualTo("a:0:{}");
	}

	@Test
	void countsUtf8BytesNotCharacters() {
		assertThat(PhpSerializer.serialize(Map.of(12, "Müller"))).isEqualTo("a:1:{i:12;s:7:\"Müller\";}");
		assertThat(PhpSerializer.serialize(Map.of(13, "日本"))).isEqualTo("a:1:{i:13;s:6:\"日本\";}");
	}

	@Test
	void keepsInsertionOrder() {
		Map<Integer, String> values = new LinkedHashMap<>();
		values.put(13, "https://acme.example");
		values.put(12, "acme");
		assertThat(PhpSerializer.serialize(values))
			.isEqualTo("a:2:{i:13;s:20:\"https://acme.example\";i:12;s:4:\"acme\";}");
	}

	@Test
	void roundTripsThroughTheSandboxDecoder() {
		Map<Integer, String> values = new LinkedHashMap<>();
		values.put(12, "acme-corp");
		values.put(13, "https://acme-corp.archive.example.test");
		values.put(14, "Ünïcödé – \"quoted\"; {braces}");
		assertThat(PhpSerializedArray.decodeBase64(PhpSerializer.customFields(values))).isEqualTo(values);
	}

}
