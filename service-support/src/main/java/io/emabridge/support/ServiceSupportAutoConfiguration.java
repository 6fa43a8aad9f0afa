package io.emabridge.support;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.emabridge.support.metrics.PrometheusConventions;

/**
 * What every service of the bridge gets by depending on this module. Boot applies
 * {@code MeterFilter} beans to every registry, the Prometheus one included.
 */
@AutoConfiguration
public class ServiceSupportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PrometheusConventions prometheusConventions() {
		return new PrometheusConventions();
	}

}
