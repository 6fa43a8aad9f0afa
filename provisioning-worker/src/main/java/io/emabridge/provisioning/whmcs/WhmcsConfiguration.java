package io.emabridge.provisioning.whmcs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.support.whmcs.StartUpFieldCheck;

/** The WHMCS API client and the write-back port the applier uses. */
@Configuration(proxyBeanMethods = false)
class WhmcsConfiguration {

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
			StartUpFieldCheck.run(api, fields);
		}
		return new HttpWhmcsClient(api, properties.customFields(), metrics);
	}

}
