package io.emabridge.provisioning.whmcs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.metrics.WorkerMetrics;

/** The WHMCS API client and the write-back port the applier uses. */
@Configuration(proxyBeanMethods = false)
class WhmcsConfiguration {

	@Bean
	WhmcsApiClient whmcsApiClient(WhmcsProperties properties) {
		return new WhmcsApiClient(new WhmcsApiSettings(properties.url(), properties.identifier(), properties.secret(),
				properties.connectTimeout(), properties.timeout()));
	}

	@Bean
	WhmcsClient whmcsClient(WhmcsApiClient api, WhmcsProperties properties, WorkerMetrics metrics) {
		return new HttpWhmcsClient(api, properties.customFields(), metrics);
	}

}
