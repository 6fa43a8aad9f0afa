package io.emabridge.provisioning.welcome;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.decisions.RetryPolicy;
import io.emabridge.provisioning.decisions.ServiceDriver;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.support.schedule.DrainLoop;

/**
 * The welcome mailer with its settings from {@code ema.welcome.*}. It runs without a
 * template too, and then skips what becomes due, so that configuring one later does not
 * mail customers provisioned long before.
 */
@Configuration(proxyBeanMethods = false)
class WelcomeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WelcomeConfiguration.class);

	@Bean
	DrainLoop welcomeLoop(WelcomeProperties properties, WhmcsProperties whmcs, WhmcsApiClient api, JdbcTemplate jdbc,
			ServiceDriver reconciler, WorkerMetrics metrics, Clock clock) {
		String template = whmcs.enabled() ? properties.template() : "";
		if (template.isBlank()) {
			log.info("No welcome e-mail: ema.welcome.template is not set{}",
					whmcs.enabled() ? "" : " or ema.whmcs.enabled is false");
		}
		WelcomeProperties.Retry retry = properties.retry();
		WelcomeMailer mailer = new WelcomeMailer(new JdbcWelcomeStore(jdbc, properties.lease()),
				new WhmcsWelcomeSender(api, metrics), template,
				new RetryPolicy(retry.initial(), retry.multiplier(), retry.max(), null), reconciler.worker(), metrics,
				clock, ThreadLocalRandom.current());
		// on a thread of its own: WHMCS being slow or down never holds up the applier
		return new DrainLoop("welcome-mailer", mailer::sendDue, properties.batchSize(), properties.pollInterval());
	}

}
