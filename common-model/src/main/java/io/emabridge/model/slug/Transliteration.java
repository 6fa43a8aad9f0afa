package io.emabridge.model.slug;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns any text into slug material: lowercase ASCII letters and digits separated by
 * single hyphens.
 * <p>
 * German umlauts become two letters ({@code ä → ae}, {@code ß → ss}), as Germans write
 * them without the dots; a few letters that Unicode does not decompose get a fixed
 * spelling ({@code æ → ae}, {@code ø → o}, {@code ł → l}, {@code þ → th}...); every other
 * letter loses its accents through compatibility decomposition ({@code å → a},
 * {@code é → e}, {@code ﬁ → fi}). Apostrophes vanish ({@code Joe's → joes}). Anything
 * else, including letters of non-Latin scripts, separates words.
 */
final class Transliteration {

	private static final Map<Integer, String> SPELLINGS = Map.ofEntries(Map.entry((int) 'ä', "ae"),
			Map.entry((int) 'Ä', "ae"), Map.entry((int) 'ö', "oe"), Map.entry((int) 'Ö', "oe"),
			Map.entry((int) 'ü', "ue"), Map.entry((int) 'Ü', "ue"), Map.entry((int) 'ß', "ss"),
			Map.entry((int) 'ẞ', "ss"), Map.entry((int) 'æ', "ae"), Map.entry((int) 'Æ', "ae"),
			Map.entry((int) 'œ', "oe"), Map.entry((int) 'Œ', "oe"), Map.entry((int) 'ø', "o"),
			Map.entry((int) 'Ø', "o"), Map.entry((int) 'ł', "l"), Map.entry((int) 'Ł', "l"), Map.entry((int) 'đ', "d"),
			Map.entry((int) 'Đ', "d"), Map.entry((int) 'ð', "d"), Map.entry((int) 'Ð', "d"), Map.entry((int) 'þ', "th"),
			Map.entry((int) 'Þ', "th"), Map.entry((int) 'ı', "i"), Map.entry((int) 'ħ', "h"), Map.entry((int) 'Ħ', "h"),
			Map.entry((int) 'ŧ', "t"), Map.entry((int) 'Ŧ', "t"), Map.entry((int) '\'', ""), Map.entry((int) '’', ""),
			Map.entry((int) 'ʼ', ""));

	private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

	private static final Pattern OUTER_HYPHENS = Pattern.compile("^-+|-+$");

	private Transliteration() {
	}

	/** The slug material in {@code text}; empty when it has no usable letter or digit. */
	static String slugify(String text) {
		if (text == null || text.isEmpty()) {
			return "";
		}
		StringBuilder spelled = new StringBuilder(text.length());
		Normalizer.normalize(text, Normalizer.Form.NFC).codePoints().forEach((codePoint) -> {
			String spelling = SPELLINGS.get(codePoint);
			if (spelling != null) {
				spelled.append(spelling);
			}
			else {
				spelled.appendCodePoint(codePoint);
			}
		});
		String ascii = COMBINING_MARKS.matcher(Normalizer.normalize(spelled, Normalizer.Form.NFKD)).replaceAll("");
		String hyphenated = SEPARATORS.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
		return OUTER_HYPHENS.matcher(hyphenated).replaceAll("");
	}

}
