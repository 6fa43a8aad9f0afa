package io.emabridge.model.whmcs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks at start-up that the custom field ids a worker writes exist on the products of
 * our module. WHMCS ignores a value for a field id the product does not have, without an
 * error, so a wrong id would otherwise make every write-back "succeed" and show nothing.
 * <p>
 * The products come from {@code GetProducts} (module {@value #MODULE}); their fields from
 * one service of each ({@code GetClientsProducts}), since {@code GetProducts} lists only
 * the fields shown on the order form and ours are Admin Only. A product without services
 * cannot be checked yet: its fields are reported as unverified, not as missing.
 */
public final class CustomFieldCheck {

	/** The provisioning module's name in WHMCS. */
	public static final String MODULE = "easymailarchive";

	private CustomFieldCheck() {
	}

	/**
	 * Checks the configured fields.
	 * @param fields the property that names each field, e.g.
	 * {@code ema.whmcs.custom-fields.slug}, to its id
	 * @return the properties whose fields could not be checked (no product of the module,
	 * or none with a service yet); empty when every field was found
	 * @throws IllegalStateException when every product of the module was checked and a
	 * field is on none of them, naming the property and the fields the products have
	 * @throws WhmcsApiException when WHMCS could not be asked
	 */
	public static List<String> verify(WhmcsApiClient api, Map<String, Integer> fields) {
		List<WhmcsApiClient.Product> products = api.getProducts(MODULE);
		Map<Integer, String> found = new LinkedHashMap<>();
		boolean complete = !products.isEmpty();
		List<String> described = new ArrayList<>();
		for (WhmcsApiClient.Product product : products) {
			List<ClientProduct.CustomField> productFields = new ArrayList<>(product.customFields());
			List<ClientProduct> services = api.listClientsProducts(product.pid(), 0, 1).products();
			if (services.isEmpty()) {
				complete = false;
			}
			else {
				productFields.addAll(services.get(0).customFields());
			}
			productFields.forEach((field) -> found.putIfAbsent(field.id(), field.name()));
			described.add("product " + product.pid() + " \"" + product.name() + "\" has "
					+ (productFields.isEmpty() ? "no custom fields"
							: productFields.stream()
								.map((field) -> field.id() + " \"" + field.name() + "\"")
								.distinct()
								.collect(Collectors.joining(", "))));
		}
		List<String> missing = new ArrayList<>();
		List<String> unverified = new ArrayList<>();
		for (Map.Entry<String, Integer> field : fields.entrySet()) {
			if (!found.containsKey(field.getValue())) {
				(complete ? missing : unverified).add(field.getKey() + "=" + field.getValue());
			}
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("WHMCS has no custom field " + String.join(", ", missing)
					+ " on the products of module " + MODULE + " (" + String.join("; ", described)
					+ "). WHMCS ignores values for unknown field ids without an error, so nothing would show: set the"
					+ " ids of the product's custom fields (Setup > Products/Services > the product > Custom Fields).");
		}
		return unverified;
	}

}
