package io.emabridge.provisioning.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's meters. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	WorkerMetrics workerMetrics(MeterRegistry registry) {
		return new WorkerMetrics(registry);
	}

}
