package io.emabridge.usage.whmcs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.support.whmcs.StartUpFieldCheck;
import io.emabridge.usage.config.UsageProperties;
import io.emabridge.usage.config.WhmcsProperties;
import io.emabridge.usage.metrics.UsageMetrics;

/** The WHMCS API as the writer sees it. */
@Configuration(proxyBeanMethods = false)
class WhmcsConfiguration {

	@Bean
	UsageTarget usageTarget(WhmcsProperties whmcs, UsageProperties usage, UsageMetrics metrics) {
		WhmcsApiClient client = new WhmcsApiClient(new WhmcsApiSettings(whmcs.url(), whmcs.identifier(), whmcs.secret(),
				whmcs.connectTimeout(), whmcs.timeout(), whmcs.accessKey()));
		// before any listener starts: WHMCS ignores values for unknown field ids silently
		Map<String, Integer> fields = new LinkedHashMap<>();
		fields.put("ema.whmcs.custom-fields.active-users", whmcs.customFields().activeUsers());
		fields.put("ema.whmcs.custom-fields.licenses", whmcs.customFields().licenses());
		StartUpFieldCheck.run(client, fields);
		return new RateLimitedWhmcsTarget(client, whmcs.customFields(), usage.writer().rateLimit(), metrics);
	}

}
