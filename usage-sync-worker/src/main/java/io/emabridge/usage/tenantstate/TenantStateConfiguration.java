package io.emabridge.usage.tenantstate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.usage.config.UsageProperties;
import io.emabridge.usage.metrics.UsageMetrics;
import io.emabridge.usage.writer.UnknownTenants;

/** The tenant directory and the listener that fills it. */
@Configuration(proxyBeanMethods = false)
class TenantStateConfiguration {

	@Bean
	TenantDirectory tenantDirectory(JdbcTemplate jdbc) {
		return new JdbcTenantDirectory(jdbc);
	}

	@Bean
	TenantStateListener tenantStateListener(TenantDirectory directory, UnknownTenants unknown,
			KafkaTemplate<String, byte[]> template, UsageProperties properties, UsageMetrics metrics) {
		return new TenantStateListener(directory, unknown, template, properties.topic(), properties.publishTimeout(),
				metrics);
	}

}
