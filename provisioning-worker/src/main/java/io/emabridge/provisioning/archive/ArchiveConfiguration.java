package io.emabridge.provisioning.archive;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * The reseller accounts: for each, the archive API client, its circuit breaker, key check
 * and rate limiter, and the port the applier uses.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ArchiveConfiguration.class);

	/**
	 * One account per API key and address: servers configured with the same key share its
	 * circuit, limiter and quota, as they share the archive's.
	 */
	@Bean
	ArchiveAccounts archiveAccounts(ArchiveProperties properties, WorkerProperties worker, WorkerMetrics metrics,
			Clock clock) {
		Map<List<Object>, List<ArchiveProperties.Account>> byKey = new LinkedHashMap<>();
		for (ArchiveProperties.Account account : properties.effectiveAccounts()) {
			byKey.computeIfAbsent(List.of(account.apiKey(), account.baseUrl()), (k) -> new ArrayList<>()).add(account);
		}
		List<ArchiveAccount> accounts = new ArrayList<>();
		for (List<ArchiveProperties.Account> group : byKey.values()) {
			// the default account takes the servers that share its key: they are its own
			boolean isDefault = group.get(0).serverId() == null;
			Set<Long> servers = new TreeSet<>();
			if (!isDefault) {
				group.forEach((account) -> servers.add(account.serverId()));
			}
			ArchiveProperties.Account first = group.get(0);
			for (ArchiveProperties.Account other : group) {
				if (!other.baseDomain().equals(first.baseDomain())) {
					throw new IllegalArgumentException("ema.archive.accounts: servers " + servers
							+ " use one API key with different base domains (" + first.baseDomain() + ", "
							+ other.baseDomain() + "); one reseller account has one base domain");
				}
			}
			accounts.add(account(first, servers, properties, worker, metrics, clock));
		}
		ArchiveAccounts all = new ArchiveAccounts(accounts);
		if (accounts.size() > 1) {
			log.info("Reseller accounts: {}", accounts);
		}
		return all;
	}

	/**
	 * The instances using a key split its rate (ema.archive.rate-limit.shared), through
	 * the ledger's database.
	 */
	@Bean
	QuotaShareSchedule archiveQuotaShare(ArchiveAccounts accounts, ArchiveProperties properties,
			WorkerProperties worker, JdbcTemplate jdbc, TransactionTemplate transaction, WorkerMetrics metrics) {
		ArchiveProperties.RateLimitProperties rateLimit = properties.rateLimit();
		if (!rateLimit.shared() || rateLimit.requestsPerSecond() <= 0) {
			return QuotaShareSchedule.off();
		}
		String member = memberName(worker);
		List<QuotaShare> shares = new ArrayList<>();
		for (ArchiveAccount account : accounts.all()) {
			QuotaShare share = new QuotaShare(new JdbcQuotaMembers(JdbcClient.create(jdbc), transaction),
					account.limiter(), account.keyTag(), member, rateLimit.shareInterval().multipliedBy(3));
			metrics.archiveRateShare(account.keyTag(), share::live);
			shares.add(share);
		}
		return new QuotaShareSchedule(shares, rateLimit.shareInterval());
	}

	private static ArchiveAccount account(ArchiveProperties.Account account, Set<Long> servers,
			ArchiveProperties properties, WorkerProperties worker, WorkerMetrics metrics, Clock clock) {
		ArchiveApiSettings settings = new ArchiveApiSettings(account.baseUrl(), account.apiKey(),
				properties.connectTimeout(), properties.timeout());
		ArchiveApiClient api = new ArchiveApiClient(settings);
		String keyTag = settings.keyFingerprint();
		String name = ArchiveAccount.name(servers);
		ArchiveCircuit circuit = new ArchiveCircuit(properties.circuitBreaker(), clock);
		metrics.archiveCircuit(keyTag,
				Arrays.stream(ArchiveCircuit.State.values()).map(ArchiveCircuit.State::tag).toList(),
				() -> circuit.state().tag());
		circuit.onStateChange((state) -> metrics.archiveCircuitTransition(keyTag, state.tag()));
		KeyCheck keyCheck = new KeyCheck(properties.keyCheck().enabled(), properties.keyCheck().probeInterval(), clock,
				servers.isEmpty() ? "the reseller API key" : "the reseller API key of " + name);
		metrics.archiveAuthFailing(keyTag, () -> keyCheck.refused() ? 1 : 0);
		AdaptiveRateLimiter limiter = rateLimiter(keyTag, properties, worker, metrics);
		HttpArchiveClient client = new HttpArchiveClient(api, circuit, limiter, keyCheck, keyTag, metrics);
		return new ArchiveAccount(servers, keyTag, account.baseDomain(), api, circuit, keyCheck, limiter, client);
	}

	/** One limiter per reseller key. */
	private static AdaptiveRateLimiter rateLimiter(String keyTag, ArchiveProperties properties, WorkerProperties worker,
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

}
