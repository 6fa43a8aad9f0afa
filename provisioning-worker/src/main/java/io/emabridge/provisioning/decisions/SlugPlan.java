package io.emabridge.provisioning.decisions;

import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.slug.SlugInput;
import io.emabridge.model.slug.SlugRules;

/**
 * Which slugs to try for a new tenant, in order: the primary slug the common slug rules
 * derive (the requested slug, else one made from the domain or company name, with the
 * product's prefix), then its alternatives: a few numbered ones, then ones made unique by
 * the service id, so that many services leading to one slug never run out.
 *
 * @param primary the first slug to try
 * @param requested whether the customer asked for it: a requested slug the archive
 * refuses is not replaced
 * @param mayVary whether another slug may be used when it is taken: not for a requested
 * slug of a product whose "auto-generate slug" is off
 * @param maxAttempts how many slugs to try at most
 * @param serviceId the WHMCS service id, which makes the later candidates unique
 */
public record SlugPlan(String primary, boolean requested, boolean mayVary, int maxAttempts, long serviceId) {

	public static SlugPlan of(ServiceCreated event, int maxAttempts) {
		SlugInput input = SlugInput.of(event);
		ProductOptions options = event.options();
		boolean requested = input.requestedSlug() != null && !input.requestedSlug().isBlank();
		boolean autoGenerateOff = options != null && Boolean.FALSE.equals(options.autoGenerateSlug());
		return new SlugPlan(SlugRules.derive(input), requested, !(requested && autoGenerateOff), maxAttempts,
				event.serviceId());
	}

	/**
	 * The slug to try after {@code attempt} others were given up; empty once
	 * {@link #maxAttempts} are used.
	 */
	public java.util.Optional<String> candidate(int attempt) {
		if (attempt >= this.maxAttempts) {
			return java.util.Optional.empty();
		}
		return SlugRules.alternatives(this.primary, this.serviceId).skip(attempt).findFirst();
	}
}
