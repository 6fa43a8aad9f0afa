package io.emabridge.provisioning.archive;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.provisioning.config.ArchiveProperties;
import io.emabridge.provisioning.metrics.WorkerMetrics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The archive API client and the port the applier uses. */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

	@Bean
	ArchiveApiClient archiveApiClient(ArchiveProperties properties) {
		return new ArchiveApiClient(new ArchiveApiSettings(properties.baseUrl(), properties.apiKey(),
				properties.connectTimeout(), properties.timeout()));
	}

	@Bean
	ArchiveClient archiveClient(ArchiveApiClient api, WorkerMetrics metrics) {
		return new HttpArchiveClient(api, metrics);
	}
}
