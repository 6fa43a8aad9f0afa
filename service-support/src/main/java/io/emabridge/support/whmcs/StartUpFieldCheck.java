package io.emabridge.support.whmcs;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.model.whmcs.CustomFieldCheck;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiException;

/**
 * The check of a worker's configured WHMCS custom fields at start-up: WHMCS ignores a
 * value for an unknown field id silently, so a wrong id must stop the worker.
 */
public final class StartUpFieldCheck {

	private static final Logger log = LoggerFactory.getLogger(StartUpFieldCheck.class);

	private StartUpFieldCheck() {
	}

	/**
	 * Fails the start ({@link IllegalStateException}) when WHMCS shows that a configured
	 * custom field does not exist; only warns when it cannot tell (WHMCS unreachable, no
	 * service of the product yet).
	 * @param fields the setting that names each field, and its id
	 */
	public static void run(WhmcsApiClient api, Map<String, Integer> fields) {
		try {
			List<String> unverified = CustomFieldCheck.verify(api, fields);
			if (!unverified.isEmpty()) {
				log.warn("Could not check the WHMCS custom fields {}: no product of module {} has a service yet;"
						+ " they are checked at the next start", unverified, CustomFieldCheck.MODULE);
			}
		}
		catch (WhmcsApiException ex) {
			log.warn("Could not check the WHMCS custom fields {} at start-up: {}", fields, ex.getMessage());
		}
	}

}
