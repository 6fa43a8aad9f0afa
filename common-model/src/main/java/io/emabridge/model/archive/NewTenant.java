package io.emabridge.model.archive;

/**
 * What to create a tenant with. {@code slug} and {@code name} are required; the others
 * are sent only when known.
 *
 * @param slug the tenant's slug, which the service validates and may refuse as taken or
 * invalid
 * @param name display name, at most 255 characters
 * @param adminEmail e-mail address of the tenant's first administrator, or {@code null}
 * @param adminName name of that administrator, or {@code null}
 * @param plan the plan, or {@code null}
 */
public record NewTenant(String slug, String name, String adminEmail, String adminName, String plan) {

	public NewTenant {
		if (slug == null || slug.isBlank()) {
			throw new IllegalArgumentException("slug must not be blank");
		}
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
	}
}
