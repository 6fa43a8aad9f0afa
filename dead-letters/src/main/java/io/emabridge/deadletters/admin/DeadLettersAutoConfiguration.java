package io.emabridge.deadletters.admin;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.emabridge.deadletters.DeadLetters;
import io.emabridge.deadletters.KafkaClients;
import io.emabridge.support.admin.AdminTokenConfigured;

/**
 * What a worker gets by depending on this module: its dead letters, their metrics and,
 * when {@code ema.admin.token} is set in a web application, the admin endpoints
 * {@code /admin/dead-letters}, behind service-support's admin token check.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaProperties.class)
@ConditionalOnBean(KafkaProperties.class)
@EnableConfigurationProperties(DeadLettersProperties.class)
public class DeadLettersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeadLetters deadLetters(KafkaProperties kafka, DeadLettersProperties properties) {
		Map<String, Object> connection = new HashMap<>(kafka.buildAdminProperties());
		return new DeadLetters(new KafkaClients(connection, properties.timeout()), properties.memoryTopic(),
				(short) properties.memoryReplicationFactor(), Clock.systemUTC());
	}

	@Bean
	DeadLetterMetrics deadLetterMetrics(ObjectProvider<MeterRegistry> registry, DeadLetters deadLetters,
			DeadLettersProperties properties) {
		return new DeadLetterMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), deadLetters,
				properties.topics(), properties.depthRefresh());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@Conditional(AdminTokenConfigured.class)
	static class AdminEndpoints {

		@Bean
		DeadLetterController deadLetterController(DeadLetters deadLetters, DeadLettersProperties properties,
				DeadLetterMetrics metrics, ObjectProvider<LedgerViews> ledger) {
			return new DeadLetterController(deadLetters, properties, metrics, ledger.getIfAvailable());
		}

	}

}
