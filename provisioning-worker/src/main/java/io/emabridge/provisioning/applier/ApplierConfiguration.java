package io.emabridge.provisioning.applier;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.emabridge.provisioning.archive.ArchiveAccount;
import io.emabridge.provisioning.archive.ArchiveAccounts;
import io.emabridge.provisioning.config.ArchiveProperties;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.config.WorkerProperties;
import io.emabridge.provisioning.decisions.RetryPolicy;
import io.emabridge.provisioning.decisions.ServiceDriver;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.provisioning.tenantstate.TenantStatePublisher;
import io.emabridge.provisioning.whmcs.WhmcsClient;

/** The service driver with its policies from configuration, and the loop that runs it. */
@Configuration(proxyBeanMethods = false)
class ApplierConfiguration {

	@Bean
	ServiceDriver serviceDriver(Ledger ledger, ArchiveAccounts accounts, WhmcsClient whmcs,
			TenantStatePublisher tenantState, DeadLetterSink deadLetters, WorkerProperties worker,
			ArchiveProperties archiveProperties, WhmcsProperties whmcsProperties, WorkerMetrics metrics, Clock clock) {
		WorkerProperties.RetryProperties retry = worker.retry();
		RetryPolicy archiveRetry = new RetryPolicy(retry.initial(), retry.multiplier(), retry.max(),
				retry.giveUpAfter());
		WhmcsProperties.Retry whmcsRetry = whmcsProperties.retry();
		RetryPolicy writeBackRetry = new RetryPolicy(whmcsRetry.initial(), whmcsRetry.multiplier(), whmcsRetry.max(),
				null);
		RetryPolicy publishRetry = new RetryPolicy(retry.initial(), retry.multiplier(), retry.max(), null);
		// a call is made only while the lease outlasts it: connecting, the call itself
		// and
		// some slack, at most half the lease
		Duration margin = archiveProperties.connectTimeout().plus(archiveProperties.timeout()).plusSeconds(5);
		if (margin.compareTo(worker.lease().dividedBy(2)) > 0) {
			margin = worker.lease().dividedBy(2);
		}
		ServiceDriver.Settings settings = new ServiceDriver.Settings(instanceId(worker), archiveRetry, writeBackRetry,
				publishRetry, worker.waitForCreate(), worker.missingCreateAfter(), worker.maxSlugAlternatives(),
				archiveProperties.baseDomain(), whmcsProperties.enabled(), margin, worker.ownershipClockSkew());
		metrics.applyErrorStages(Arrays.stream(ServiceDriver.Stage.values()).map(ServiceDriver.Stage::tag).toList());
		return new ServiceDriver(ledger, (serverId) -> {
			ArchiveAccount account = accounts.forServer(serverId);
			return new ServiceDriver.Archive(account.client(), account.baseDomain());
		}, whmcs, tenantState, deadLetters, settings, metrics, clock,
				// the appliers share the ServiceDriver: each thread draws its jitter from
				// its own generator
				() -> ThreadLocalRandom.current().nextLong());
	}

	@Bean
	ApplierLoop applierLoop(Ledger ledger, ServiceDriver driver, ArchiveAccounts accounts, WorkerProperties worker,
			WorkerMetrics metrics, Clock clock) {
		ApplierLoop loop = new ApplierLoop(ledger, driver, driver.worker(), worker.concurrency(), worker.pollInterval(),
				clock, accounts::claimable);
		metrics.inFlight(loop::inFlight);
		return loop;
	}

	/**
	 * The configured instance id, else host name plus a random suffix, so that restarts
	 * never share a name.
	 */
	static String instanceId(WorkerProperties worker) {
		if (!worker.instanceId().isBlank()) {
			return worker.instanceId();
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "worker";
		}
		byte[] suffix = new byte[3];
		ThreadLocalRandom.current().nextBytes(suffix);
		return host + "-" + HexFormat.of().formatHex(suffix);
	}

}
