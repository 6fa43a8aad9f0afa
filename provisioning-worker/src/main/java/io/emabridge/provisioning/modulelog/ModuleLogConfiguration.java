package io.emabridge.provisioning.modulelog;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.support.signing.SignedGetFilter;

/** The failures endpoint for WHMCS's Module Log, behind the module's signature. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ModuleLogConfiguration {

	@Bean
	FailureLog failureLog(JdbcTemplate jdbc) {
		return new FailureLog(jdbc);
	}

	@Bean
	FilterRegistrationBean<SignedGetFilter> failuresSignatureFilter(ModuleLogProperties properties, Clock clock) {
		FilterRegistrationBean<SignedGetFilter> registration = new FilterRegistrationBean<>(
				new SignedGetFilter(properties.givenSecrets(), properties.timestampTolerance(), clock,
						"the failures endpoint has no shared secret configured (ema.module-log.secrets)"));
		registration.addUrlPatterns("/api/*");
		return registration;
	}

}
