package io.emabridge.sandbox.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The archive service's slug rules, kept independent of any other implementation so the
 * sandbox is an oracle: 3 to 48 characters; lowercase {@code a-z}, digits and {@code -}
 * only; starts with a letter; does not end with a hyphen; not a reserved word. Messages
 * follow the service's (Laravel) validation wording.
 */
public final class ArchiveSlugRules {

	public static final int MIN_LENGTH = 3;

	public static final int MAX_LENGTH = 48;

	public static final String REQUIRED = "The slug field is required.";

	public static final String NOT_A_STRING = "The slug field must be a string.";

	public static final String LENGTH = "The slug field must be between " + MIN_LENGTH + " and " + MAX_LENGTH
			+ " characters.";

	public static final String FORMAT = "The slug field format is invalid.";

	public static final String RESERVED = "The slug is reserved.";

	public static final String TAKEN = "The slug has already been taken.";

	/**
	 * Words no tenant may use as its slug (they name infrastructure hosts of the
	 * service).
	 */
	public static final Set<String> DEFAULT_RESERVED_WORDS = Set.of("admin", "administrator", "api", "app", "archive",
			"assets", "auth", "autoconfig", "autodiscover", "billing", "blog", "cdn", "dashboard", "docs", "ftp",
			"help", "imap", "login", "mail", "mx", "ns1", "ns2", "pop", "pop3", "portal", "reseller", "root", "smtp",
			"static", "status", "support", "system", "webmail", "www");

	private static final Pattern FORMAT_PATTERN = Pattern.compile("[a-z][a-z0-9-]*");

	private final Set<String> reservedWords;

	public ArchiveSlugRules(Set<String> reservedWords) {
		this.reservedWords = Set.copyOf(reservedWords);
	}

	public static ArchiveSlugRules withDefaultReservedWords() {
		return new ArchiveSlugRules(DEFAULT_RESERVED_WORDS);
	}

	public Set<String> reservedWords() {
		return this.reservedWords;
	}

	/**
	 * Every rule the slug breaks, as validation messages; empty when the slug is valid.
	 */
	public List<String> violations(String slug) {
		List<String> problems = new ArrayList<>(2);
		if (slug == null || slug.isEmpty()) {
			problems.add(REQUIRED);
			return problems;
		}
		int length = slug.codePointCount(0, slug.length());
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			problems.add(LENGTH);
		}
		if (!FORMAT_PATTERN.matcher(slug).matches() || slug.endsWith("-")) {
			problems.add(FORMAT);
		}
		if (problems.isEmpty() && this.reservedWords.contains(slug.toLowerCase(Locale.ROOT))) {
			problems.add(RESERVED);
		}
		return problems;
	}

	public boolean isValid(String slug) {
		return violations(slug).isEmpty();
	}

}
