package io.emabridge.model.slug;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlugRulesTests {

	private static List<String> reservedWords() {
		return List.copyOf(SlugRules.RESERVED_WORDS);
	}

	@Nested
	class Validate {

		@ParameterizedTest
		@ValueSource(strings = { "abc", "acme", "acme-corp", "a1b", "a-1", "a--b", "client-4711", "x9y",
				"mueller-soehne-gmbh", "admin-2", "api1", "wwww", "portals" })
		void acceptsValidSlugs(String slug) {
			assertThat(SlugRules.validate(slug)).isEmpty();
			assertThat(SlugRules.isValid(slug)).isTrue();
		}

		@Test
		void acceptsThreeAndFortyEightCharacters() {
			assertThat(SlugRules.validate("abc")).isEmpty();
			assertThat(SlugRules.validate("a".repeat(48))).isEmpty();
		}

		@Test
		void rejectsTwoCharacters() {
			assertThat(SlugRules.validate("ab"))
				.containsExactly(new SlugViolation(SlugRule.LENGTH, "must be 3 to 48 characters long, is 2"));
		}

		@Test
		void rejectsFortyNineCharacters() {
			assertThat(SlugRules.validate("a".repeat(49)))
				.containsExactly(new SlugViolation(SlugRule.LENGTH, "must be 3 to 48 characters long, is 49"));
		}

		@ParameterizedTest
		@NullAndEmptySource
		void rejectsMissingSlugForItsLengthOnly(String slug) {
			assertThat(SlugRules.validate(slug))
				.containsExactly(new SlugViolation(SlugRule.LENGTH, "must be 3 to 48 characters long, is 0"));
		}

		@Test
		void rejectsBlankSlug() {
			assertThat(SlugRules.validate("   ")).extracting(SlugViolation::rule)
				.containsExactly(SlugRule.CHARACTERS, SlugRule.LEADING_LETTER);
		}

		@Test
		void rejectsLeadingDigit() {
			assertThat(SlugRules.validate("1acme"))
				.containsExactly(new SlugViolation(SlugRule.LEADING_LETTER, "must start with a lowercase letter a-z"));
		}

		@Test
		void rejectsLeadingHyphen() {
			assertThat(SlugRules.validate("-acme")).extracting(SlugViolation::rule)
				.containsExactly(SlugRule.LEADING_LETTER);
		}

		@Test
		void rejectsTrailingHyphen() {
			assertThat(SlugRules.validate("acme-"))
				.containsExactly(new SlugViolation(SlugRule.TRAILING_HYPHEN, "must not end with '-'"));
		}

		@Test
		void rejectsUppercaseNamingTheCharacters() {
			assertThat(SlugRules.validate("aCME")).containsExactly(new SlugViolation(SlugRule.CHARACTERS,
					"may contain only lowercase letters a-z, digits 0-9 and '-', found 'C', 'M', 'E'"));
			assertThat(SlugRules.validate("Acme")).extracting(SlugViolation::rule)
				.containsExactly(SlugRule.CHARACTERS, SlugRule.LEADING_LETTER);
		}

		@Test
		void rejectsOtherCharactersNamingAFewOfThem() {
			assertThat(SlugRules.validate("a_b.c d\te/f+g")).singleElement().satisfies((violation) -> {
				assertThat(violation.rule()).isEqualTo(SlugRule.CHARACTERS);
				assertThat(violation.message()).endsWith("found '_', '.', U+0020, U+0009, '/'");
			});
		}

		@Test
		void rejectsUnicodeLettersCountingCharactersNotBytesOrUnits() {
			assertThat(SlugRules.validate("müller")).singleElement()
				.extracting(SlugViolation::message)
				.isEqualTo("may contain only lowercase letters a-z, digits 0-9 and '-', found 'ü'");
			assertThat(SlugRules.validate("a😀")).extracting(SlugViolation::message)
				.containsExactly("must be 3 to 48 characters long, is 2",
						"may contain only lowercase letters a-z, digits 0-9 and '-', found '😀'");
		}

		@Test
		void rejectsLookalikeDigitsAndLetters() {
			assertThat(SlugRules.validate("ａｃｍｅ")).extracting(SlugViolation::rule)
				.containsExactly(SlugRule.CHARACTERS, SlugRule.LEADING_LETTER);
			assertThat(SlugRules.validate("acme١")).extracting(SlugViolation::rule)
				.containsExactly(SlugRule.CHARACTERS);
		}

		@ParameterizedTest
		@MethodSource("io.emabridge.model.slug.SlugRulesTests#reservedWords")
		void rejectsEveryReservedWord(String word) {
			assertThat(SlugRules.validate(word))
				.containsExactly(new SlugViolation(SlugRule.RESERVED_WORD, "'" + word + "' is a reserved word"));
		}

		@Test
		void reservedWordsAreComparedIgnoringCase() {
			assertThat(SlugRules.isReserved("ADMIN")).isTrue();
			assertThat(SlugRules.validate("Admin")).extracting(SlugViolation::rule)
				.containsExactly(SlugRule.CHARACTERS, SlugRule.LEADING_LETTER, SlugRule.RESERVED_WORD);
		}

		@Test
		void reservedWordsOnlyMatchTheWholeSlug() {
			assertThat(SlugRules.validate("admins")).isEmpty();
			assertThat(SlugRules.validate("my-admin")).isEmpty();
			assertThat(SlugRules.isReserved(null)).isFalse();
		}

		@Test
		void reportsEveryBrokenRuleOnce() {
			assertThat(SlugRules.validate("-A_" + "x".repeat(50) + "ÄÖ-")).extracting(SlugViolation::rule)
				.containsExactly(SlugRule.LENGTH, SlugRule.CHARACTERS, SlugRule.LEADING_LETTER,
						SlugRule.TRAILING_HYPHEN);
		}

		@Test
		void namesAtMostFiveBadCharacters() {
			assertThat(SlugRules.validate("aABCDEFGH")).singleElement()
				.extracting(SlugViolation::message)
				.asString()
				.endsWith("found 'A', 'B', 'C', 'D', 'E'");
		}

		@Test
		void reservedWordsAreTheDocumentedTwenty() {
			assertThat(SlugRules.RESERVED_WORDS).containsExactly("admin", "api", "app", "archive", "assets", "billing",
					"cdn", "dashboard", "docs", "help", "login", "mail", "portal", "reseller", "root", "static",
					"status", "support", "system", "www");
		}

		@Test
		void reservedWordsCannotBeChanged() {
			assertThat(SlugRules.RESERVED_WORDS).isUnmodifiable();
		}

	}

	@Nested
	class Derive {

		@Test
		void requestedSlugWinsOverEverythingElse() {
			assertThat(derive(null, "acme-corp", "other.com", "Other GmbH", 42)).isEqualTo("acme-corp");
		}

		@Test
		void requestedSlugIsNormalised() {
			assertThat(derive(null, "  Acme Corp!! ", null, null, 42)).isEqualTo("acme-corp");
			assertThat(derive(null, "Müller--Söhne", null, null, 42)).isEqualTo("mueller-soehne");
		}

		@Test
		void requestedSlugWithoutUsableCharactersIsSkipped() {
			assertThat(derive(null, "!!!", "acme.com", null, 42)).isEqualTo("acme");
			assertThat(derive(null, "   ", "acme.com", null, 42)).isEqualTo("acme");
			assertThat(derive(null, "日本", "acme.com", null, 42)).isEqualTo("acme");
		}

		@ParameterizedTest
		@CsvSource({ "shop.acme.co.uk,acme", "acme.com,acme", "www.example.org,example", "xn--mller-kva.de,mueller",
				"bücher.de,buecher", "a.b.c.d.e.f.acme.de,acme", "ACME.COM,acme" })
		void domainGivesItsRegistrableName(String domain, String expected) {
			assertThat(derive(null, null, domain, "Other GmbH", 42)).isEqualTo(expected);
		}

		@ParameterizedTest
		@ValueSource(strings = { "co.uk", "com", "192.168.1.1", "2001:db8::1", "localhost", "not a domain", "" })
		void unusableDomainFallsBackToCompanyName(String domain) {
			assertThat(derive(null, null, domain, "Müller & Söhne GmbH", 42)).isEqualTo("mueller-soehne-gmbh");
		}

		@Test
		void withoutAnythingUsableTheServiceIdNamesTheTenant() {
			assertThat(derive(null, null, null, null, 4711)).isEqualTo("client-4711");
			assertThat(derive(null, " ", "co.uk", "!!!", 4711)).isEqualTo("client-4711");
			assertThat(derive(null, null, null, "Москва", 4711)).isEqualTo("client-4711");
		}

		@Test
		void autoGenerateFlagDoesNotChangeThePrimarySlug() {
			for (boolean autoGenerate : new boolean[] { true, false }) {
				assertThat(SlugRules.derive(new SlugInput(null, "wanted", autoGenerate, "acme.com", "Acme", 1)))
					.isEqualTo("wanted");
				assertThat(SlugRules.derive(new SlugInput(null, null, autoGenerate, "acme.com", "Other", 1)))
					.isEqualTo("acme");
				assertThat(SlugRules.derive(new SlugInput(null, null, autoGenerate, null, null, 1)))
					.isEqualTo("client-1");
			}
		}

		@ParameterizedTest
		@CsvSource({ "mycompany-,mycompany-acme", "mycompany,mycompany-acme", "MyCompany,mycompany-acme",
				"My Company ,my-company-acme", "--rs--,rs-acme", "Ärger,aerger-acme", "!!!,acme", "'',acme" })
		void prefixIsNormalisedAndJoinedWithOneHyphen(String prefix, String expected) {
			assertThat(derive(prefix, null, "acme.com", null, 42)).isEqualTo(expected);
		}

		@Test
		void prefixGoesInFrontOfEverySource() {
			assertThat(derive("rs-", "wanted", null, null, 42)).isEqualTo("rs-wanted");
			assertThat(derive("rs-", null, null, "Acme", 42)).isEqualTo("rs-acme");
			assertThat(derive("rs-", null, null, null, 42)).isEqualTo("rs-client-42");
		}

		@Test
		void longPrefixLeavesRoomForTheName() {
			assertThat(derive("p".repeat(60), null, "acme.com", null, 42)).isEqualTo("p".repeat(24) + "-acme");
			assertThat(derive("abc-".repeat(6) + "def", null, "acme.com", null, 42))
				.isEqualTo("abc-abc-abc-abc-abc-abc-acme");
		}

		@Test
		void prefixAloneStillNeedsANameAfterIt() {
			assertThat(derive("mycompany-", null, null, null, 7)).isEqualTo("mycompany-client-7");
		}

		@Test
		void leadingDigitGetsALetterInFront() {
			assertThat(derive(null, null, "123shop.de", null, 42)).isEqualTo("t-123shop");
			assertThat(derive(null, "1und1", null, null, 42)).isEqualTo("t-1und1");
			assertThat(derive("9", null, null, null, 1)).isEqualTo("t-9-client-1");
			assertThat(derive(null, "7", null, null, 42)).isEqualTo("t-7");
		}

		@Test
		void longSlugIsCutToFortyEightWithoutTrailingHyphen() {
			assertThat(derive(null, "a".repeat(47) + "-bcd", null, null, 1)).isEqualTo("a".repeat(47));
			assertThat(derive(null, "a".repeat(100), null, null, 1)).isEqualTo("a".repeat(48));
			assertThat(derive(null, "1" + "a".repeat(100), null, null, 1)).isEqualTo("t-1" + "a".repeat(45));
		}

		@Test
		void longMultibyteInputIsCutAfterTransliteration() {
			String slug = derive(null, null, null, "Ü".repeat(40), 1);
			assertThat(slug).isEqualTo("ue".repeat(24));
		}

		@Test
		void shortSlugIsLengthenedWithTheServiceId() {
			assertThat(derive(null, "io", null, null, 42)).isEqualTo("io-42");
			assertThat(derive(null, "x", null, null, 42)).isEqualTo("x-42");
			assertThat(derive(null, null, "x.de", null, 7)).isEqualTo("x-7");
			assertThat(derive(null, "ab", null, null, 0)).isEqualTo("ab-x");
			assertThat(derive(null, "a", null, null, -5)).isEqualTo("a-x");
		}

		@Test
		void threeCharacterSlugIsKept() {
			assertThat(derive(null, "abc", null, null, 42)).isEqualTo("abc");
		}

		@ParameterizedTest
		@MethodSource("io.emabridge.model.slug.SlugRulesTests#reservedWords")
		void reservedWordIsLengthenedWithTheServiceId(String word) {
			assertThat(derive(null, word, null, null, 42)).isEqualTo(word + "-42");
			assertThat(derive(null, word.toUpperCase(), null, null, 42)).isEqualTo(word + "-42");
		}

		@Test
		void reservedWordFromADomainIsLengthenedToo() {
			assertThat(derive(null, null, "www.admin.com", null, 42)).isEqualTo("admin-42");
			assertThat(derive(null, null, "support.co.uk", null, 42)).isEqualTo("support-42");
		}

		@Test
		void prefixedReservedWordIsNotReserved() {
			assertThat(derive("rs-", "admin", null, null, 42)).isEqualTo("rs-admin");
		}

		@Test
		void lastResortWithoutServiceIdIsStillValid() {
			assertThat(derive(null, null, null, null, 0)).isEqualTo("client-x");
		}

		@Test
		void derivesFromACreateEvent() {
			ServiceCreated created = new ServiceCreated(UUID.randomUUID(), Instant.now(), 4711, 1L, 2L, 3L,
					"shop.acme.co.uk", new Client("Müller & Söhne GmbH", "Jörg", "Müller", "j@acme.co.uk"),
					new ProductOptions("mycompany-", true, null, "business"));
			SlugInput input = SlugInput.of(created);
			assertThat(input)
				.isEqualTo(new SlugInput("mycompany-", null, true, "shop.acme.co.uk", "Müller & Söhne GmbH", 4711));
			assertThat(SlugRules.derive(input)).isEqualTo("mycompany-acme");
		}

		@Test
		void derivesFromACreateEventWithoutClientOrOptions() {
			ServiceCreated created = new ServiceCreated(UUID.randomUUID(), Instant.now(), 4711, null, null, null, null,
					null, null);
			assertThat(SlugInput.of(created)).isEqualTo(new SlugInput(null, null, false, null, null, 4711));
			assertThat(SlugRules.derive(SlugInput.of(created))).isEqualTo("client-4711");
		}

		@Test
		void refusesMissingInput() {
			assertThatIllegalArgumentException().isThrownBy(() -> SlugRules.derive(null));
		}

		private static String derive(String prefix, String requested, String domain, String company, long serviceId) {
			String slug = SlugRules.derive(new SlugInput(prefix, requested, true, domain, company, serviceId));
			assertThat(SlugRules.validate(slug)).as(slug).isEmpty();
			return slug;
		}

	}

	@Nested
	class Alternatives {

		@Test
		void ofAServiceTurnToItsIdAfterAFewNumberedOnes() {
			assertThat(SlugRules.alternatives("acme", 4711).limit(8)).containsExactly("acme", "acme-2", "acme-3",
					"acme-4", "acme-5", "acme-4711", "acme-4711-2", "acme-4711-3");
		}

		@Test
		void ofAServiceAreDistinctAndValidNearTheLengthLimit() {
			String slug = "a".repeat(48);
			assertThat(SlugRules.alternatives(slug, 123456789L).limit(500)).doesNotHaveDuplicates()
				.allSatisfy((candidate) -> assertThat(SlugRules.isValid(candidate)).as(candidate).isTrue())
				.contains("a".repeat(38) + "-123456789");
		}

		@Test
		void ofAReservedWordSkipTheWordItself() {
			assertThat(SlugRules.alternatives("admin", 42).limit(6)).containsExactly("admin-2", "admin-3", "admin-4",
					"admin-5", "admin-42", "admin-42-2");
		}

		@Test
		void withoutAServiceIdAreOnlyNumbered() {
			assertThat(SlugRules.alternatives("acme", 0).skip(5).limit(2)).containsExactly("acme-6", "acme-7");
		}

		@Test
		void startWithTheSlugAndCountFromTwo() {
			assertThat(SlugRules.alternatives("acme").limit(4)).containsExactly("acme", "acme-2", "acme-3", "acme-4");
		}

		@Test
		void areDeterministic() {
			assertThat(SlugRules.alternatives("acme").limit(50).toList())
				.isEqualTo(SlugRules.alternatives("acme").limit(50).toList());
		}

		@Test
		void areGeneratedLazily() {
			assertThat(SlugRules.alternatives("acme").skip(99_998).findFirst()).hasValue("acme-99999");
		}

		@Test
		void areDistinct() {
			assertThat(SlugRules.alternatives("a".repeat(48)).limit(2_000)).doesNotHaveDuplicates();
		}

		@Test
		void keepTheSlugShortEnoughForTheSuffix() {
			String slug = "a".repeat(48);
			assertThat(SlugRules.alternatives(slug).limit(3)).containsExactly(slug, "a".repeat(46) + "-2",
					"a".repeat(46) + "-3");
			assertThat(SlugRules.alternatives(slug).skip(9).findFirst()).hasValue("a".repeat(45) + "-10");
		}

		@Test
		void neverLeaveAHyphenBeforeTheSuffix() {
			String slug = "a".repeat(45) + "-bc";
			assertThat(SlugRules.alternatives(slug).limit(3)).containsExactly(slug, "a".repeat(45) + "-2",
					"a".repeat(45) + "-3");
			String doubled = "a".repeat(44) + "--bc";
			assertThat(SlugRules.alternatives(doubled).skip(1).findFirst()).hasValue("a".repeat(44) + "-2");
		}

		@Test
		void areAllValidNearTheLengthLimit() {
			for (int length = SlugRules.MIN_LENGTH; length <= SlugRules.MAX_LENGTH; length++) {
				String slug = ("ab-").repeat(20).substring(0, length).replaceAll("-$", "x");
				assertThat(SlugRules.alternatives(slug).limit(120))
					.allSatisfy((candidate) -> assertThat(SlugRules.validate(candidate)).as(candidate).isEmpty());
			}
		}

		@Test
		void stayValidForHugeNumbers() {
			String slug = "a".repeat(48);
			String candidate = SlugRules.numbered(slug, Long.MAX_VALUE);
			assertThat(candidate).isEqualTo("a".repeat(28) + "-" + Long.MAX_VALUE);
			assertThat(SlugRules.validate(candidate)).isEmpty();
		}

		@ParameterizedTest
		@MethodSource("io.emabridge.model.slug.SlugRulesTests#reservedWords")
		void skipAReservedSlugItself(String word) {
			assertThat(SlugRules.alternatives(word).limit(2)).containsExactly(word + "-2", word + "-3");
		}

		@Test
		void ofReservedLikeNamesKeepTheName() {
			assertThat(SlugRules.alternatives("admins").limit(2)).containsExactly("admins", "admins-2");
			assertThat(SlugRules.alternatives("www-2").limit(2)).containsExactly("www-2", "www-2-2");
		}

		@ParameterizedTest
		@NullAndEmptySource
		@ValueSource(strings = { "ab", "Acme", "1acme", "-acme", "acme-", "acme_corp", "müller" })
		void refuseASlugThatBreaksAnotherRule(String slug) {
			assertThatIllegalArgumentException().isThrownBy(() -> SlugRules.alternatives(slug))
				.withMessageContaining("cannot be varied");
		}

		@Test
		void refuseASlugThatIsTooLong() {
			assertThatIllegalArgumentException().isThrownBy(() -> SlugRules.alternatives("a".repeat(49)))
				.withMessageContaining("must be 3 to 48 characters long, is 49");
		}

	}

}
