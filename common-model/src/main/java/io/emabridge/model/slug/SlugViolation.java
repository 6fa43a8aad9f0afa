package io.emabridge.model.slug;

/**
 * A rule a slug breaks, with a message that can be shown to the person who chose the
 * slug.
 *
 * @param rule the rule broken
 * @param message what is wrong, in words
 */
public record SlugViolation(SlugRule rule, String message) {
}
