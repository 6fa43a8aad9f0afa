package io.emabridge.model.slug;

/**
 * The rules Easy Mail Archive applies to a tenant slug, one constant per rule so callers
 * can tell them apart.
 */
public enum SlugRule {

	/** 3 to 48 characters. */
	LENGTH,

	/** Only {@code a-z}, {@code 0-9} and {@code -}. */
	CHARACTERS,

	/** Starts with a letter {@code a-z}. */
	LEADING_LETTER,

	/** Does not end with {@code -}. */
	TRAILING_HYPHEN,

	/** Not one of {@link SlugRules#RESERVED_WORDS}. */
	RESERVED_WORD

}
