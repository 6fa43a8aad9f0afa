package io.emabridge.usage.collector;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.support.jdbc.AdvisoryLock;
import io.emabridge.usage.config.UsageProperties;
import io.emabridge.usage.metrics.UsageMetrics;

/** The collector, its lock and its schedule. */
@Configuration(proxyBeanMethods = false)
class CollectorConfiguration {

	@Bean
	CollectionRuns collectionRuns(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
		return new CollectionRuns(jdbc, transactions, clock);
	}

	/**
	 * The lock lives on a connection outside the pool: closing it ends the database
	 * session for certain, so a lock can never stay behind on a pooled connection.
	 */
	@Bean
	AdvisoryLock collectorLock(DataSourceProperties dataSource, UsageProperties properties) {
		DataSourceBuilder<SimpleDriverDataSource> direct = dataSource.initializeDataSourceBuilder()
			.type(SimpleDriverDataSource.class);
		if (!properties.collector().lockUrl().isEmpty()) {
			// past a PgBouncer in transaction mode, which would hand the locked session
			// to others
			direct.url(properties.collector().lockUrl());
		}
		return new AdvisoryLock(direct.build(), properties.collector().lockKey(), "the collector lock");
	}

	@Bean
	UsageCollector usageCollector(ArchiveAccounts accounts, KafkaTemplate<String, byte[]> kafka, JdbcTemplate jdbc,
			TransactionTemplate transactions, UsageProperties properties, UsageMetrics metrics, Clock clock) {
		UsageProperties.Collector settings = properties.collector();
		SnapshotPublisher publisher = new KafkaSnapshotPublisher(kafka, properties.topic(),
				properties.publishTimeout());
		Executor readAhead = Executors.newFixedThreadPool(Math.max(1, settings.readAhead()), (task) -> {
			Thread thread = new Thread(task, "usage-read-ahead");
			thread.setDaemon(true);
			return thread;
		});
		// each account its own reader: its retries honour its own Retry-After
		return new UsageCollector(accounts.all(),
				(source) -> new PageReader(source, settings.pageAttempts(), settings.pageRetryInitial(),
						settings.pageRetryMax(), PageReader.Sleeper.real()),
				publisher, new JdbcSnapshotStore(jdbc, transactions),
				new Licenses(settings.storagePerLicense().toBytes()), clock, metrics::pageDone, readAhead,
				settings.readAhead());
	}

	@Bean(destroyMethod = "close")
	CollectorService collectorService(AdvisoryLock lock, CollectionRuns runs, UsageCollector collector,
			ArchiveAccounts accounts, UsageMetrics metrics, UsageProperties properties) {
		metrics.lastSuccess(() -> runs.lastSuccess().map((time) -> time.getEpochSecond()).orElse(0L));
		for (ArchiveAccount account : accounts.all()) {
			metrics.accountLastSuccess(account.id(), account.key(),
					() -> runs.lastAccountSuccess(account.id()).map((time) -> time.getEpochSecond()).orElse(0L));
		}
		return new CollectorService(lock, runs, collector, metrics, instanceId(properties.instanceId()));
	}

	@Bean(destroyMethod = "shutdown")
	ThreadPoolTaskScheduler collectorScheduler(CollectorService collector, UsageProperties properties) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("usage-schedule-");
		scheduler.initialize();
		UsageProperties.Collector settings = properties.collector();
		if (settings.enabled()) {
			scheduler.schedule(() -> collector.trigger("schedule"), new CronTrigger(settings.cron(), settings.zone()));
		}
		return scheduler;
	}

	private static String instanceId(String configured) {
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
