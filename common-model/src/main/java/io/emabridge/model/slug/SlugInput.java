package io.emabridge.model.slug;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;

/**
 * What a slug can be made from when a service is created. Every text may be {@code null}
 * or blank.
 *
 * @param prefix the product's slug prefix, put in front and separated by one hyphen
 * ({@code acme} and {@code acme-} both give {@code acme-<name>}); at most 24 characters
 * of it are used
 * @param requestedSlug the slug the order asked for; wins over everything else when it
 * has any usable character
 * @param autoGenerate the product's "auto-generate slug" setting; it does not change the
 * primary slug (there must always be one), callers use it to decide whether to fall back
 * on {@link SlugRules#alternatives} when a slug is taken
 * @param domain the service's domain, of which only the registrable name is used
 * @param companyName the client's company name
 * @param serviceId the WHMCS service id, for the last-resort slug and to lengthen slugs
 * that are too short or reserved
 */
public record SlugInput(String prefix, String requestedSlug, boolean autoGenerate, String domain, String companyName,
		long serviceId) {

	public static SlugInput of(ServiceCreated event) {
		ProductOptions options = event.options();
		Client client = event.client();
		return new SlugInput((options != null) ? options.slugPrefix() : null,
				(options != null) ? options.requestedSlug() : null,
				options != null && Boolean.TRUE.equals(options.autoGenerateSlug()), event.domain(),
				(client != null) ? client.companyName() : null, event.serviceId());
	}
}
