package io.emabridge.provisioning;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The provisioning worker: records WHMCS lifecycle events from Kafka in a ledger, and drives Easy Mail Archive
 * tenants to what the newest event of each service asks for.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class ProvisioningWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ProvisioningWorkerApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
