package io.emabridge.model.slug;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.google.common.collect.ImmutableSortedSet;

/**
 * The tenant slug rules of Easy Mail Archive as pure functions, so that the bridge can
 * check and repair a slug before the service refuses it, and the sandbox can refuse it
 * the same way.
 * <p>
 * A slug has 3 to 48 characters, only {@code a-z}, {@code 0-9} and {@code -}, starts with
 * a letter, does not end with a hyphen and is not a reserved word. Consecutive hyphens
 * are not forbidden by the service, so {@link #validate} accepts them, although
 * {@link #derive} never produces them.
 */
public final class SlugRules {

	public static final int MIN_LENGTH = 3;

	public static final int MAX_LENGTH = 48;

	/**
	 * Words the service keeps for itself (they name sub-domains of the reseller's base
	 * domain), sorted. Compared ignoring case.
	 */
	public static final Set<String> RESERVED_WORDS = ImmutableSortedSet.of("admin", "api", "app", "archive", "assets",
			"billing", "cdn", "dashboard", "docs", "help", "login", "mail", "portal", "reseller", "root", "static",
			"status", "support", "system", "www");

	private static final int MAX_SHOWN_CHARACTERS = 5;

	private SlugRules() {
	}

	/**
	 * The rules {@code slug} breaks, each rule at most once; empty when the slug is
	 * valid.
	 */
	public static List<SlugViolation> validate(String slug) {
		String text = (slug != null) ? slug : "";
		List<SlugViolation> violations = new ArrayList<>();
		int length = text.codePointCount(0, text.length());
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			violations.add(new SlugViolation(SlugRule.LENGTH,
					"must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long, is " + length));
		}
		String invalid = text.codePoints()
			.filter((c) -> !isSlugCharacter(c))
			.distinct()
			.limit(MAX_SHOWN_CHARACTERS)
			.mapToObj(SlugRules::show)
			.collect(Collectors.joining(", "));
		if (!invalid.isEmpty()) {
			violations.add(new SlugViolation(SlugRule.CHARACTERS,
					"may contain only lowercase letters a-z, digits 0-9 and '-', found " + invalid));
		}
		if (!text.isEmpty() && !isLowercaseLetter(text.charAt(0))) {
			violations.add(new SlugViolation(SlugRule.LEADING_LETTER, "must start with a lowercase letter a-z"));
		}
		if (text.endsWith("-")) {
			violations.add(new SlugViolation(SlugRule.TRAILING_HYPHEN, "must not end with '-'"));
		}
		if (isReserved(text)) {
			violations.add(new SlugViolation(SlugRule.RESERVED_WORD, "'" + text + "' is a reserved word"));
		}
		return List.copyOf(violations);
	}

	public static boolean isValid(String slug) {
		return validate(slug).isEmpty();
	}

	public static boolean isReserved(String slug) {
		return slug != null && RESERVED_WORDS.contains(slug.toLowerCase(Locale.ROOT));
	}

	/**
	 * The primary slug for a new tenant; always {@link #isValid valid}.
	 * <p>
	 * The name part comes from the first source with a usable letter or digit: the
	 * requested slug, the registrable name of the domain ({@code shop.acme.co.uk → acme};
	 * IP addresses, public suffixes and invalid domains are skipped), the company name,
	 * and finally {@code client-<serviceId>}. Prefix and name are each normalised:
	 * transliterated to ASCII ({@code Müller & Söhne GmbH → mueller-soehne-gmbh}),
	 * lowercased, every run of other characters made one hyphen, outer hyphens removed.
	 * The prefix, cut to 24 characters, is joined to the name with one hyphen
	 * ({@code My Company + acme → my-company-acme}).
	 * <p>
	 * Repairs, in this order: a slug that starts with a digit gets {@code t-} in front
	 * ({@code 1und1 → t-1und1}); a slug longer than 48 characters is cut, and hyphens the
	 * cut leaves at the end dropped; a slug that is still shorter than 3 characters or a
	 * reserved word gets {@code -<serviceId>} appended ({@code io → io-42},
	 * {@code admin → admin-42}; {@code -x} when the service id is not positive).
	 */
	public static String derive(SlugInput input) {
		if (input == null) {
			throw new IllegalArgumentException("input must not be null");
		}
		return SlugDerivation.derive(input);
	}

	/**
	 * Candidates for a slug that is taken, best first and generated lazily without end:
	 * the slug itself (unless it is a reserved word), then {@code slug-2},
	 * {@code slug-3}, ... Each candidate is valid: where the suffix would make it longer
	 * than 48 characters the slug is cut first, never leaving a hyphen before the suffix.
	 * @param slug a slug that obeys every rule except perhaps the reserved words
	 * @throws IllegalArgumentException when {@code slug} breaks another rule
	 */
	public static Stream<String> alternatives(String slug) {
		List<SlugViolation> violations = validate(slug).stream()
			.filter((violation) -> violation.rule() != SlugRule.RESERVED_WORD)
			.toList();
		if (!violations.isEmpty()) {
			throw new IllegalArgumentException("Slug '" + slug + "' cannot be varied, it "
					+ violations.stream().map(SlugViolation::message).collect(Collectors.joining("; ")));
		}
		Stream<String> itself = isReserved(slug) ? Stream.empty() : Stream.of(slug);
		return Stream.concat(itself, LongStream.rangeClosed(2, Long.MAX_VALUE).mapToObj((n) -> numbered(slug, n)));
	}

	/**
	 * How many plainly numbered candidates ({@code slug-2} ... {@code slug-5}) come
	 * before the service id is used.
	 */
	public static final int NUMBERED_BEFORE_SERVICE_ID = 4;

	/**
	 * Candidates for the slug of one service's new tenant, best first and without end:
	 * the slug itself (unless it is a reserved word), a few numbered ones while they read
	 * well ({@code acme-2} ... {@code acme-5}), then ones made unique by the WHMCS
	 * service id ({@code acme-4711}, {@code acme-4711-2}, ...). Many services whose
	 * domains or names lead to one slug (customers on subdomains of one hosting domain)
	 * so never run out of candidates after a handful of tries: service ids are unique
	 * within a WHMCS installation.
	 * @param slug a slug that obeys every rule except perhaps the reserved words
	 * @param serviceId the WHMCS service id; when not positive, only numbered candidates
	 * are given
	 * @throws IllegalArgumentException when {@code slug} breaks another rule
	 */
	public static Stream<String> alternatives(String slug, long serviceId) {
		if (serviceId <= 0) {
			return alternatives(slug);
		}
		Stream<String> first = alternatives(slug).limit(NUMBERED_BEFORE_SERVICE_ID + (isReserved(slug) ? 0 : 1));
		return Stream.concat(first, alternatives(numbered(slug, serviceId)));
	}

	static String numbered(String slug, long number) {
		String suffix = "-" + number;
		return SlugDerivation.cut(slug, MAX_LENGTH - suffix.length()) + suffix;
	}

	private static boolean isSlugCharacter(int c) {
		return isLowercaseLetter(c) || (c >= '0' && c <= '9') || c == '-';
	}

	private static boolean isLowercaseLetter(int c) {
		return c >= 'a' && c <= 'z';
	}

	private static String show(int c) {
		return (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c))
				? String.format(Locale.ROOT, "U+%04X", c) : "'" + Character.toString(c) + "'";
	}

}
