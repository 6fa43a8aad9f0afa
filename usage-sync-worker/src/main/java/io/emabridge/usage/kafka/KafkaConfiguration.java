package io.emabridge.usage.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.emabridge.support.kafka.KafkaHealth;
import io.emabridge.usage.config.UsageProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/** The topics, the client settings the worker's promises rest on, and Kafka's part of the health check. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration HEALTH_CACHE_TIME = Duration.ofSeconds(5);

	@Bean
	Admin kafkaHealthAdmin(KafkaAdmin kafkaAdmin) {
		int timeout = (int) HEALTH_TIMEOUT.toMillis();
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, "usage-sync-worker-health");
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
		return Admin.create(config);
	}

	/** {@code /actuator/health}'s "kafka": whether the cluster answers, checked at most every few seconds. */
	@Bean
	KafkaHealth kafkaHealthIndicator(Admin kafkaHealthAdmin) {
		return KafkaHealth.describingCluster(kafkaHealthAdmin, HEALTH_TIMEOUT, HEALTH_CACHE_TIME);
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
	 * Applied over {@code spring.kafka.consumer.*}: offsets are committed by the container after a record was written
	 * (or dead-lettered), never automatically, and bytes that cannot be deserialized reach the listener as such.
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer usageConsumerSettings() {
		Map<String, Object> settings = new HashMap<>();
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
		settings.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
		settings.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, ByteArrayDeserializer.class);
		return (factory) -> factory.updateConfigs(settings);
	}

	/**
	 * Applied over {@code spring.kafka.producer.*}: snapshots and dead letters are written once and to every in-sync
	 * replica, and every wait inside the producer ends within the publish timeout.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer usageProducerSettings(UsageProperties properties) {
		int timeout = (int) Math.min(Integer.MAX_VALUE, properties.publishTimeout().toMillis());
		Map<String, Object> settings = new HashMap<>();
		settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
		settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
		settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeout / 2));
		return (factory) -> factory.updateConfigs(settings);
	}

	/**
	 * The tenant state listener takes whole poll batches (one database round trip per batch); a batch that cannot be
	 * recorded (database down) is retried with back-off without end, since every later record depends on it.
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
