package io.emabridge.model.slug;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the order carries, the derived slug obeys every rule: checked over many seeded
 * random inputs.
 */
class SlugDerivationTests {

	private static final String ALPHABET = "abcxyzABCXYZ0123456789-_ .'&!@#äöüÄÖÜßæøåÆØÅłđþéèçñİı"
			+ "ﬁＡ①²日本Москва😀\u0308\t\n";

	private static final String[] WORDS = { "admin", "api", "www", "io", "a", "x", "1", "123", "co", "-", "", " ",
			"acme", "Müller", "GmbH", "support", "mail", "root" };

	private static final String[] DOMAINS = { "acme.com", "shop.acme.co.uk", "co.uk", "com", "192.168.0.1", "::1",
			"xn--mller-kva.de", "müller.de", "admin.com", "1.de", "x.io", "localhost", "a..b", "github.io", "-x.com",
			"www.www.www", "api.co.uk" };

	@Test
	void derivedSlugAlwaysValidates() {
		Random random = new Random(4711);
		for (int i = 0; i < 20_000; i++) {
			SlugInput input = new SlugInput(text(random), text(random), random.nextBoolean(), domain(random),
					text(random), serviceId(random));
			String slug = SlugRules.derive(input);
			assertThat(SlugRules.validate(slug)).as("%s gave %s", input, slug).isEmpty();
			assertThat(SlugRules.derive(input)).as("deterministic").isEqualTo(slug);
		}
	}

	@Test
	void alternativesOfDerivedSlugsAlwaysValidate() {
		Random random = new Random(815);
		for (int i = 0; i < 2_000; i++) {
			String slug = SlugRules.derive(
					new SlugInput(text(random), text(random), true, domain(random), text(random), serviceId(random)));
			assertThat(SlugRules.alternatives(slug).skip(random.nextInt(1000)).limit(3))
				.allSatisfy((candidate) -> assertThat(SlugRules.validate(candidate)).as(candidate).isEmpty());
		}
	}

	@ParameterizedTest
	@CsvSource({ "abc,5,abc", "abc-,5,abc", "abc--d,5,abc", "ab-cd,3,ab", "---,2,''", "abcdef,3,abc", "ab,10,ab" })
	void cutDropsHyphensLeftAtTheEnd(String slug, int maxLength, String expected) {
		assertThat(SlugDerivation.cut(slug, maxLength)).isEqualTo(expected);
	}

	private static String text(Random random) {
		switch (random.nextInt(6)) {
			case 0:
				return null;
			case 1:
				return WORDS[random.nextInt(WORDS.length)];
			default:
				int length = random.nextInt((random.nextInt(10) == 0) ? 200 : 20);
				StringBuilder text = new StringBuilder();
				for (int i = 0; i < length; i++) {
					text.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
							random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
				}
				return text.toString();
		}
	}

	private static String domain(Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> DOMAINS[random.nextInt(DOMAINS.length)];
			case 1 -> text(random) + "." + DOMAINS[random.nextInt(DOMAINS.length)];
			default -> text(random);
		};
	}

	private static long serviceId(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> 0;
			case 1 -> Long.MAX_VALUE;
			case 2 -> -random.nextInt(1000);
			default -> 1 + random.nextInt(100_000);
		};
	}

}
