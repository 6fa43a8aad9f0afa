package io.emabridge.provisioning.whmcs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.emabridge.model.whmcs.CustomFieldCheck;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.metrics.WorkerMetrics;

/** The WHMCS API client and the write-back port the applier uses. */
@Configuration(proxyBeanMethods = false)
class WhmcsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WhmcsConfiguration.class);

	@Bean
	WhmcsApiClient whmcsApiClient(WhmcsProperties properties) {
		return new WhmcsApiClient(new WhmcsApiSettings(properties.url(), properties.identifier(), properties.secret(),
				properties.connectTimeout(), properties.timeout(), properties.accessKey()));
	}

	@Bean
	WhmcsClient whmcsClient(WhmcsApiClient api, WhmcsProperties properties, WorkerMetrics metrics) {
		if (properties.enabled()) {
			// before any listener starts: a wrong id would make every write-back show
			// nothing
			Map<String, Integer> fields = new LinkedHashMap<>();
			fields.put("ema.whmcs.custom-fields.slug", properties.customFields().slug());
			fields.put("ema.whmcs.custom-fields.url", properties.customFields().url());
			checkCustomFields(api, fields);
		}
		return new HttpWhmcsClient(api, properties.customFields(), metrics);
	}

	/**
	 * Fails the start when WHMCS shows that a configured custom field does not exist;
	 * only warns when it cannot tell (WHMCS unreachable, no service of the product yet).
	 */
	static void checkCustomFields(WhmcsApiClient api, Map<String, Integer> fields) {
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
