package io.emabridge.model.whmcs;

import java.util.List;
import java.util.Optional;

/**
 * A WHMCS service as {@code GetClientsProducts} returns it, reduced to what this system
 * uses.
 *
 * @param id the service id
 * @param clientId the owning client
 * @param pid the product
 * @param domain the service's domain, {@code ""} when none
 * @param username the service's username ({@code serviceusername} when updating)
 * @param status {@code Active}, {@code Suspended}, ...
 * @param customFields the product's custom fields with this service's values
 */
public record ClientProduct(long id, long clientId, long pid, String domain, String username, String status,
		List<CustomField> customFields) {

	public ClientProduct {
		customFields = List.copyOf(customFields);
	}

	/** The value of the custom field with this id, if the product has it. */
	public Optional<String> customField(int fieldId) {
		return this.customFields.stream().filter((f) -> f.id() == fieldId).map(CustomField::value).findFirst();
	}

	/**
	 * The value of the custom field with this name (ignoring case), if the product has
	 * it.
	 */
	public Optional<String> customField(String name) {
		return this.customFields.stream()
			.filter((f) -> f.name().equalsIgnoreCase(name))
			.map(CustomField::value)
			.findFirst();
	}

	/**
	 * One custom field of a service: its id, its name and this service's value
	 * ({@code ""} when unset).
	 */
	public record CustomField(int id, String name, String value) {
	}
}
