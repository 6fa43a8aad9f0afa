package io.emabridge.publisher.gateway;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

import io.emabridge.publisher.config.GatewayProperties;

/**
 * Puts the signature check in front of everything under {@code /api/}; actuator endpoints
 * stay open.
 */
@Configuration(proxyBeanMethods = false)
class GatewayWebConfiguration {

	@Bean
	FilterRegistrationBean<SignedRequestFilter> signedRequestFilter(GatewayProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		FilterRegistrationBean<SignedRequestFilter> registration = new FilterRegistrationBean<>(
				new SignedRequestFilter(properties, Clock.systemUTC(), exceptionResolver));
		registration.addUrlPatterns("/api/*");
		return registration;
	}

}
