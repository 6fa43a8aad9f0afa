package io.emabridge.provisioning.archive;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.provisioning.config.ArchiveProperties;
import io.emabridge.provisioning.config.WorkerProperties;
import io.emabridge.provisioning.metrics.WorkerMetrics;

/**
 * The archive API client, its circuit breaker and rate limiter, and the port the applier
 * uses.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ArchiveConfiguration.class);

	@Bean
	ArchiveApiClient archiveApiClient(ArchiveProperties properties) {
		return new ArchiveApiClient(new ArchiveApiSettings(properties.baseUrl(), properties.apiKey(),
				properties.connectTimeout(), properties.timeout()));
	}

	@Bean
	ArchiveCircuit archiveCircuit(ArchiveProperties properties, WorkerMetrics metrics, Clock clock) {
		ArchiveCircuit circuit = new ArchiveCircuit(properties.circuitBreaker(), clock);
		metrics.archiveCircuit(Arrays.stream(ArchiveCircuit.State.values()).map(ArchiveCircuit.State::tag).toList(),
				() -> circuit.state().tag());
		circuit.onStateChange((state) -> metrics.archiveCircuitTransition(state.tag()));
		return circuit;
	}

	@Bean
	KeyCheck keyCheck(ArchiveProperties properties, WorkerMetrics metrics, Clock clock) {
		KeyCheck check = new KeyCheck(properties.keyCheck().enabled(), properties.keyCheck().probeInterval(), clock);
		metrics.archiveAuthFailing(() -> check.refused() ? 1 : 0);
		return check;
	}

	@Bean
	ArchiveClient archiveClient(ArchiveApiClient api, ArchiveCircuit circuit, KeyCheck keyCheck,
			AdaptiveRateLimiter limiter, WorkerMetrics metrics) {
		return new HttpArchiveClient(api, circuit, limiter, keyCheck, keyTag(api.settings().apiKey()), metrics);
	}

	/**
	 * The instances using the key split its rate (ema.archive.rate-limit.shared), through
	 * the ledger's database.
	 */
	@Bean
	QuotaShareSchedule archiveQuotaShare(AdaptiveRateLimiter limiter, ArchiveApiClient api,
			ArchiveProperties properties, WorkerProperties worker, JdbcTemplate jdbc, TransactionTemplate transaction,
			WorkerMetrics metrics) {
		ArchiveProperties.RateLimitProperties rateLimit = properties.rateLimit();
		if (!rateLimit.shared() || rateLimit.requestsPerSecond() <= 0) {
			return QuotaShareSchedule.off();
		}
		String keyTag = keyTag(api.settings().apiKey());
		QuotaShare share = new QuotaShare(new JdbcQuotaMembers(JdbcClient.create(jdbc), transaction), limiter, keyTag,
				memberName(worker), rateLimit.shareInterval().multipliedBy(3));
		metrics.archiveRateShare(keyTag, share::live);
		return new QuotaShareSchedule(share, rateLimit.shareInterval());
	}

	@Bean
	AdaptiveRateLimiter archiveRateLimiter(ArchiveApiClient api, ArchiveProperties properties, WorkerProperties worker,
			WorkerMetrics metrics) {
		ArchiveProperties.RateLimitProperties rateLimit = properties.rateLimit();
		// a thread waiting for a permit holds its service's lease, which is only renewed
		// by the next step
		Duration maxWait = rateLimit.maxWait();
		if (maxWait.compareTo(worker.lease().dividedBy(2)) > 0) {
			maxWait = worker.lease().dividedBy(2);
			log.info("ema.archive.rate-limit.max-wait ({}) is capped at half of ema.worker.lease: {}",
					rateLimit.maxWait(), maxWait);
		}
		// one limiter per reseller key: a client for a second account would get its own
		String keyTag = keyTag(api.settings().apiKey());
		AdaptiveRateLimiter limiter = new AdaptiveRateLimiter("archive-" + keyTag, rateLimit.requestsPerSecond(),
				maxWait, System::nanoTime, (pause) -> Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000),
				System::currentTimeMillis);
		metrics.archiveRateLimit(keyTag, limiter::rate);
		return limiter;
	}

	/**
	 * This instance in the rate share: its configured id, else the host name and a random
	 * suffix (a restarted instance is a new one; the old row expires).
	 */
	private static String memberName(WorkerProperties worker) {
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
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * A short fingerprint of an API key for metric tags and names: the key itself never
	 * leaves the client.
	 */
	static String keyTag(String apiKey) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
