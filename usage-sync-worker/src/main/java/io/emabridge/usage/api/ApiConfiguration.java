package io.emabridge.usage.api;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.support.signing.SignedGetFilter;
import io.emabridge.usage.config.UsageProperties;

/** The read-only usage endpoint, behind the signature check. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

	@Bean
	UsageController usageController(JdbcTemplate jdbc, UsageProperties properties) {
		return new UsageController(new UsageQuery(jdbc), properties.api().maxServiceIds());
	}

	@Bean
	FilterRegistrationBean<SignedGetFilter> signedRequestFilter(UsageProperties properties, Clock clock) {
		FilterRegistrationBean<SignedGetFilter> registration = new FilterRegistrationBean<>(
				new SignedGetFilter(properties.api().secrets(), properties.api().timestampTolerance(), clock,
						"the usage endpoint has no shared secret configured (ema.usage.api.secrets)"));
		registration.addUrlPatterns("/api/*");
		return registration;
	}

}
