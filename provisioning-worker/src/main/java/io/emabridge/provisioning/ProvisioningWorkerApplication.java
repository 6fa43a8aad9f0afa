package io.emabridge.provisioning;

import java.time.Clock;
import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import io.emabridge.provisioning.drift.ReconcileCommand;

/**
 * The provisioning worker: records WHMCS lifecycle events from Kafka in a ledger, and
 * drives Easy Mail Archive tenants to what the newest event of each service asks for.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class ProvisioningWorkerApplication {

	public static void main(String[] args) {
		// "reconcile ..." is the operator's command, run against a worker: it starts no
		// Spring at all
		if (args.length > 0 && ReconcileCommand.NAME.equals(args[0])) {
			System.exit(ReconcileCommand.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(ProvisioningWorkerApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
