package io.emabridge.usage.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's meters. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	UsageMetrics usageMetrics(MeterRegistry registry) {
		return new UsageMetrics(registry);
	}

}
