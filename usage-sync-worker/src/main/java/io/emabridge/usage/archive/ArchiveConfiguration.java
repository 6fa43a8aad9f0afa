package io.emabridge.usage.archive;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.usage.collector.TenantSource;
import io.emabridge.usage.config.ArchiveProperties;
import io.emabridge.usage.metrics.UsageMetrics;

/** The archive API as the collector sees it. */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

	@Bean
	TenantSource tenantSource(ArchiveProperties properties, UsageMetrics metrics) {
		ArchiveApiClient client = new ArchiveApiClient(new ArchiveApiSettings(properties.baseUrl(), properties.apiKey(),
				properties.connectTimeout(), properties.timeout()));
		return new MeteredTenantSource(client, metrics);
	}

}
