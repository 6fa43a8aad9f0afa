package io.emabridge.model.slug;

import java.util.stream.Stream;

/**
 * Makes the primary slug for a new tenant from whatever the order carries, so that
 * provisioning never fails for want of a slug. See {@link SlugRules#derive} for the order
 * of sources and how edge cases are repaired.
 */
final class SlugDerivation {

	/** At most half a slug, so that the name still tells tenants of one product apart. */
	static final int MAX_PREFIX_LENGTH = 24;

	static final String DIGIT_LEAD = "t-";

	static final String LAST_RESORT = "client-";

	private SlugDerivation() {
	}

	static String derive(SlugInput input) {
		String name = Stream
			.of(Transliteration.slugify(input.requestedSlug()),
					Transliteration.slugify(DomainNames.registrableName(input.domain())),
					Transliteration.slugify(input.companyName()))
			.filter((candidate) -> !candidate.isEmpty())
			.findFirst()
			.orElseGet(() -> LAST_RESORT + distinguisher(input.serviceId()));
		String prefix = cut(Transliteration.slugify(input.prefix()), MAX_PREFIX_LENGTH);
		String slug = prefix.isEmpty() ? name : prefix + "-" + name;
		if (!Character.isLetter(slug.charAt(0))) {
			slug = DIGIT_LEAD + slug;
		}
		slug = cut(slug, SlugRules.MAX_LENGTH);
		if (slug.length() < SlugRules.MIN_LENGTH || SlugRules.isReserved(slug)) {
			slug = slug + "-" + distinguisher(input.serviceId());
		}
		if (!SlugRules.isValid(slug)) {
			throw new IllegalStateException("Derived slug '" + slug + "' breaks " + SlugRules.validate(slug));
		}
		return slug;
	}

	/**
	 * {@code slug} cut to at most {@code maxLength} characters, without the hyphens the
	 * cut may leave at the end.
	 */
	static String cut(String slug, int maxLength) {
		int end = Math.min(slug.length(), maxLength);
		while (end > 0 && slug.charAt(end - 1) == '-') {
			end--;
		}
		return slug.substring(0, end);
	}

	private static String distinguisher(long serviceId) {
		return (serviceId > 0) ? Long.toString(serviceId) : "x";
	}

}
