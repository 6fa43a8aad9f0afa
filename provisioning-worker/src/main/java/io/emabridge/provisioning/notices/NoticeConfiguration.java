package io.emabridge.provisioning.notices;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.archive.ArchiveAccounts;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.config.WorkerProperties;
import io.emabridge.provisioning.decisions.RetryPolicy;
import io.emabridge.provisioning.decisions.ServiceDriver;
import io.emabridge.provisioning.ledger.FailureNotices;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.support.schedule.DrainLoop;

/**
 * The notifier with its settings from {@code ema.notices.*}, when notices are on, and
 * what the ledger's writes open and resolve ({@link JdbcFailureNotices}, in the ledger's
 * transaction).
 */
@Configuration(proxyBeanMethods = false)
class NoticeConfiguration {

	@Bean
	FailureNotices failureNotices(NoticeProperties properties, WhmcsProperties whmcs, JdbcTemplate jdbc) {
		return properties.active(whmcs) ? new JdbcFailureNotices(jdbc) : FailureNotices.NONE;
	}

	@Bean
	NoticeMetrics noticeMetrics(MeterRegistry registry) {
		return new NoticeMetrics(registry);
	}

	@Bean
	DrainLoop notifierLoop(NoticeProperties properties, WhmcsProperties whmcs, WorkerProperties worker,
			ObjectProvider<WhmcsApiClient> api, JdbcTemplate jdbc, ServiceDriver driver, WorkerMetrics workerMetrics,
			NoticeMetrics metrics, MeterRegistry registry, Environment environment, ArchiveAccounts accounts,
			Clock clock) {
		if (!properties.active(whmcs)) {
			return null;
		}
		NoticeMetrics.registerGauges(registry, jdbc);
		NoticeProperties.Replay replay = properties.replay();
		String bootstrapServers = (replay.bootstrapServers() != null && !replay.bootstrapServers().isBlank())
				? replay.bootstrapServers()
				: environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
		NoticeTexts texts = new NoticeTexts(replay.command(), bootstrapServers, worker.dltTopic(), replay.adminUrl());
		NoticeProperties.Retry retry = properties.retry();
		Notifier notifier = new Notifier(new JdbcNoticeStore(jdbc, properties.lease()),
				new WhmcsNoticeChannel(api.getObject(), properties, workerMetrics), texts, properties.mode(),
				new RetryPolicy(retry.initial(), retry.multiplier(), retry.max(), null), metrics, driver.worker(),
				clock, () -> ThreadLocalRandom.current().nextLong(), workerMetrics::applyError);
		workerMetrics.applyErrorStages(List.of("notify"));
		InstallationNotices installation = new InstallationNotices(jdbc, clock);
		accounts.onKeyRefusalsChange((refusing) -> installation.keysChanged(refusing.stream()
			.map((account) -> account.isDefault() ? "the reseller API key"
					: "the reseller API key of " + account.name())
			.toList()));
		// a notice waits at most one interval after its failure was recorded
		return new DrainLoop("whmcs-notifier", notifier::sendDue, properties.batchSize(), properties.pollInterval());
	}

}
