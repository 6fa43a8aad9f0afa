package io.emabridge.usage.whmcs;

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
import io.emabridge.usage.config.UsageProperties;
import io.emabridge.usage.config.WhmcsProperties;
import io.emabridge.usage.metrics.UsageMetrics;

/** The WHMCS API as the writer sees it. */
@Configuration(proxyBeanMethods = false)
class WhmcsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WhmcsConfiguration.class);

	@Bean
	UsageTarget usageTarget(WhmcsProperties whmcs, UsageProperties usage, UsageMetrics metrics) {
		WhmcsApiClient client = new WhmcsApiClient(new WhmcsApiSettings(whmcs.url(), whmcs.identifier(), whmcs.secret(),
				whmcs.connectTimeout(), whmcs.timeout(), whmcs.accessKey()));
		// before any listener starts: WHMCS ignores values for unknown field ids silently
		Map<String, Integer> fields = new LinkedHashMap<>();
		fields.put("ema.whmcs.custom-fields.active-users", whmcs.customFields().activeUsers());
		fields.put("ema.whmcs.custom-fields.licenses", whmcs.customFields().licenses());
		checkCustomFields(client, fields);
		return new RateLimitedWhmcsTarget(client, whmcs.customFields(), usage.writer().rateLimit(), metrics);
	}

	/**
	 * Fails the start when WHMCS shows that a configured custom field does not exist;
	 * only warns when it cannot tell (WHMCS unreachable, no service of the product yet).
	 */
	private static void checkCustomFields(WhmcsApiClient api, Map<String, Integer> fields) {
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
