package io.emabridge.usage.archive;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.usage.collector.ArchiveAccount;
import io.emabridge.usage.collector.ArchiveAccounts;
import io.emabridge.usage.config.ArchiveProperties;
import io.emabridge.usage.metrics.UsageMetrics;

/**
 * The archive API as the collector sees it: one client per reseller account, the default
 * one first.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

	@Bean
	ArchiveAccounts archiveAccounts(ArchiveProperties properties, UsageMetrics metrics) {
		List<ArchiveAccount> accounts = new ArrayList<>();
		accounts.add(account(ArchiveProperties.DEFAULT_ACCOUNT, properties.baseUrl(), properties.apiKey(), properties,
				metrics));
		properties.accounts()
			.forEach((serverId, account) -> accounts
				.add(account(serverId, properties.baseUrlOf(account), account.apiKey(), properties, metrics)));
		return new ArchiveAccounts(accounts);
	}

	private static ArchiveAccount account(String id, URI baseUrl, String apiKey, ArchiveProperties properties,
			UsageMetrics metrics) {
		ArchiveApiSettings settings = new ArchiveApiSettings(baseUrl, apiKey, properties.connectTimeout(),
				properties.timeout());
		return new ArchiveAccount(id, settings.keyFingerprint(), new MeteredTenantSource(new ArchiveApiClient(settings),
				metrics, properties.rateLimit().requestsPerSecond()));
	}

}
