package io.emabridge.sandbox.whmcs;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A WHMCS product and its custom fields.
 *
 * @param pid product id
 * @param name product name
 * @param groupName product group name
 * @param customFields custom field id to field name (WHMCS custom field ids are unique
 * across products)
 * @param module the provisioning module the product is assigned to ({@code ""} for none)
 */
public record WhmcsProduct(int pid, String name, String groupName, Map<Integer, String> customFields, String module) {

	/** Our own module's name, as WHMCS knows it. */
	public static final String MODULE = "easymailarchive";

	public static final int SLUG_FIELD_ID = 12;

	public static final int URL_FIELD_ID = 13;

	public static final int ACTIVE_USERS_FIELD_ID = 14;

	public static final int LICENSES_FIELD_ID = 15;

	public WhmcsProduct {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(groupName, "groupName");
		customFields = Collections.unmodifiableMap(new TreeMap<>(customFields));
		module = (module != null) ? module : "";
	}

	/** A product of our own module. */
	public WhmcsProduct(int pid, String name, String groupName, Map<Integer, String> customFields) {
		this(pid, name, groupName, customFields, MODULE);
	}

	/**
	 * The default product: pid 1 "Easy Mail Archive" with custom fields
	 * {@code 12: Archive slug}, {@code 13: Archive URL}, {@code 14: Active users},
	 * {@code 15: Licenses}.
	 */
	public static WhmcsProduct easyMailArchive() {
		return new WhmcsProduct(1, "Easy Mail Archive", "Email Archiving", Map.of(SLUG_FIELD_ID, "Archive slug",
				URL_FIELD_ID, "Archive URL", ACTIVE_USERS_FIELD_ID, "Active users", LICENSES_FIELD_ID, "Licenses"));
	}

	/** The id of the custom field with this name (case-insensitive). */
	public Optional<Integer> fieldId(String fieldName) {
		return this.customFields.entrySet()
			.stream()
			.filter((field) -> field.getValue().equalsIgnoreCase(fieldName))
			.map(Map.Entry::getKey)
			.findFirst();
	}
}
