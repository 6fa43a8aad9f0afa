package io.emabridge.model.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextRulesTests {

	@Test
	void everyControlCharacterButTabLineFeedAndCarriageReturnIsRefused() {
		int[] refused = IntStream.rangeClosed(0, 0x9F)
			.filter((c) -> TextRules.problem(String.valueOf((char) c)).isPresent())
			.toArray();

		int[] expected = IntStream.concat(IntStream.rangeClosed(0, 0x1F), IntStream.rangeClosed(0x7F, 0x9F))
			.filter((c) -> c != '\t' && c != '\n' && c != '\r')
			.toArray();
		assertThat(refused).containsExactly(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Müller & Söhne GmbH", "line one\r\nline two\tend", "\uD83D\uDE00 smile", "\uFFFD",
			"\u00A0no-break space", "日本語", "" })
	void ordinaryTextIsStorable(String text) {
		assertThat(TextRules.problem(text)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\uD800", "x\uD83D", "\uDE00x", "\uDE00\uD83D", "ok \uD83D\uDE00 then \uDBFF" })
	void surrogatesWithoutTheirPairAreRefused(String text) {
		assertThat(TextRules.problem(text))
			.hasValueSatisfying((message) -> assertThat(message).contains("surrogate without its pair")
				.containsPattern("U\\+D[89A-F]"));
	}

	@Test
	void theMessageNamesTheCharacter() {
		assertThat(TextRules.problem("Null\u0000Byte GmbH")).contains(
				"contains the control character U+0000, which cannot be stored; only tab, line feed and carriage return are allowed");
		assertThat(TextRules.problem("next\u0085line"))
			.hasValueSatisfying((message) -> assertThat(message).contains("U+0085"));
	}

	@Test
	void everyStringValueOfTheDocumentIsCheckedAndNamedByPointer() {
		String json = """
				{"type":"service.create","eventId":"0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11",\
				"occurredAt":"2026-11-26T19:31:08.123456Z","serviceId":4711,"domain":"a\\u007fb.example",\
				"client":{"companyName":"Null\\u0000Byte GmbH","firstName":"J\\u00f6rg","email":"\\ud800@x"},\
				"options":{"plan":"ok\\tfine"},"x/y":["fine","bad\\u001b"]}""";

		assertThat(TextRules.check(json.getBytes(StandardCharsets.UTF_8))).extracting(Violation::field)
			.containsExactlyInAnyOrder("/domain", "/client/companyName", "/client/email", "/x~1y/1");
	}

	@Test
	void theShippedFixturesAreStorable() {
		for (String fixture : new String[] { "service-create.json", "service-suspend.json", "service-unsuspend.json",
				"service-terminate.json" }) {
			assertThat(TextRules.check(Fixtures.bytes(fixture))).as(fixture).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{", "not json", "[1,2]", "42", "null" })
	void bytesThatAreNotAnEventGiveNoViolationHere(String text) {
		assertThat(TextRules.check(text.getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

}
