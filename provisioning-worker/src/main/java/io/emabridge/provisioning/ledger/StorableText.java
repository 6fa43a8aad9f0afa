package io.emabridge.provisioning.ledger;

/**
 * Text as PostgreSQL can store it: a {@code text} column refuses the NUL character, and
 * UTF-8 has no encoding for a lone surrogate. Such characters in an error message or an
 * archive's answer (which may echo what a customer typed) become U+FFFD instead of
 * failing the write that records them.
 */
public final class StorableText {

	private static final char REPLACEMENT = '\uFFFD';

	private StorableText() {
	}

	/**
	 * The text with NUL and lone surrogates replaced; {@code null} stays {@code null}.
	 */
	public static String of(String text) {
		if (text == null || isStorable(text)) {
			return text;
		}
		StringBuilder storable = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				storable.append(c).append(text.charAt(++i));
			}
			else if (c == 0 || Character.isSurrogate(c)) {
				storable.append(REPLACEMENT);
			}
			else {
				storable.append(c);
			}
		}
		return storable.toString();
	}

	private static boolean isStorable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0) {
				return false;
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
