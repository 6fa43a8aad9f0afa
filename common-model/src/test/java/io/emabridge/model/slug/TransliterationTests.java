package io.emabridge.model.slug;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TransliterationTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "Müller & Söhne GmbH|mueller-soehne-gmbh", "ÄÖÜ äöü ß ẞ|aeoeue-aeoeue-ss-ss",
					"Æble Œuvre|aeble-oeuvre", "Øresund|oresund", "Åse|ase", "Łódź|lodz", "Đuro Ðan|duro-dan",
					"Þór|thor", "ıi|ii", "Ħal Ŧ|hal-t", "Crème Brûlée|creme-brulee", "São Paulo|sao-paulo", "Ærø|aero",
					"İstanbul|istanbul", "Dvořák|dvorak" })
	void spellsLettersInAscii(String text, String expected) {
		assertThat(Transliteration.slugify(text)).isEqualTo(expected);
	}

	@Test
	void umlautWrittenAsCombiningMarkIsSpelledLikeThePrecomposedOne() {
		assertThat(Transliteration.slugify("Mu\u0308ller")).isEqualTo("mueller");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "ﬁne|fine", "ＡＢＣ|abc", "①②|12", "x²|x2", "™|tm" })
	void decomposesCompatibilityCharacters(String text, String expected) {
		assertThat(Transliteration.slugify(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "Joe's Pizza|joes-pizza", "Joe’s|joes", "O'Brien & Co.|obrien-co" })
	void dropsApostrophes(String text, String expected) {
		assertThat(Transliteration.slugify(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "a  b|a-b", "a--b|a-b", "a_.-+b|a-b", "--a--|a", "  a  |a",
			"ACME Corp.|acme-corp", "a😀b|a-b", "Москва Acme|acme", "acme 日本 corp|acme-corp" })
	void turnsEveryRunOfOtherCharactersIntoOneHyphen(String text, String expected) {
		assertThat(Transliteration.slugify(text)).isEqualTo(expected);
	}

	@Test
	void treatsControlCharactersAsSeparators() {
		assertThat(Transliteration.slugify("a\tb\nc\u0000d")).isEqualTo("a-b-c-d");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "---", "!!!", "日本", "😀😀", "\u0308", "'" })
	void givesNothingForTextWithoutUsableCharacters(String text) {
		assertThat(Transliteration.slugify(text)).isEmpty();
	}

	@Test
	void keepsDigits() {
		assertThat(Transliteration.slugify("1und1 Internet")).isEqualTo("1und1-internet");
	}

	@Test
	void handlesLongMultibyteText() {
		String text = "Ü".repeat(100_000);
		assertThat(Transliteration.slugify(text)).hasSize(200_000).matches("(ue)+");
	}

}
