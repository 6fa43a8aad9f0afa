package io.emabridge.usage;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The usage-sync worker: collects every tenant's usage from Easy Mail Archive (one
 * collector at a time), streams the changed figures through Kafka into WHMCS, and serves
 * the latest figures to the WHMCS module.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class UsageSyncWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(UsageSyncWorkerApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
