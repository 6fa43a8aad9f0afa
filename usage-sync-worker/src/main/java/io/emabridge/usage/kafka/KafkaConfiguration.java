package io.emabridge.usage.kafka;

import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import io.emabridge.support.kafka.KafkaClientSettings;
import io.emabridge.support.kafka.KafkaHealth;
import io.emabridge.usage.config.UsageProperties;

/**
 * The topics, the client settings the worker's promises rest on, and Kafka's part of the
 * health check.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration HEALTH_CACHE_TIME = Duration.ofSeconds(5);

	/**
	 * {@code /actuator/health}'s "kafka": whether the cluster answers, checked at most
	 * every few seconds.
	 */
	@Bean
	KafkaHealth kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
		return KafkaHealth.withOwnAdmin(kafkaAdmin.getConfigurationProperties(), "usage-sync-worker-health",
				HEALTH_TIMEOUT, HEALTH_CACHE_TIME);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ema.usage.create-topics", matchIfMissing = true)
	NewTopic usageTopic(UsageProperties properties) {
		return TopicBuilder.name(properties.topic())
			.partitions(properties.partitions())
			.replicas(properties.replicationFactor())
			.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ema.usage.create-topics", matchIfMissing = true)
	NewTopic usageDeadLetterTopic(UsageProperties properties) {
		return TopicBuilder.name(properties.dltTopic())
			.partitions(properties.dltPartitions())
			.replicas(properties.replicationFactor())
			.build();
	}

	/**
	 * Applied over {@code spring.kafka.consumer.*}: offsets are committed by the
	 * container after a record was written (or dead-lettered), never automatically, and
	 * bytes that cannot be deserialized reach the listener as such.
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer usageConsumerSettings() {
		return (factory) -> factory.updateConfigs(KafkaClientSettings.manualCommitConsumer());
	}

	/**
	 * Applied over {@code spring.kafka.producer.*}: snapshots and dead letters are
	 * written once and to every in-sync replica, and every wait inside the producer ends
	 * within the publish timeout.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer usageProducerSettings(UsageProperties properties) {
		return (factory) -> factory.updateConfigs(KafkaClientSettings.durableProducer(properties.publishTimeout()));
	}

	/**
	 * The tenant state listener takes whole poll batches (one database round trip per
	 * batch); a batch that cannot be recorded (database down) is retried with back-off
	 * without end, since every later record depends on it.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> tenantStateContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		ExponentialBackOff retryForever = new ExponentialBackOff(500, 2.0);
		retryForever.setMaxInterval(30_000);
		factory.setCommonErrorHandler(new DefaultErrorHandler(retryForever));
		return factory;
	}

}
