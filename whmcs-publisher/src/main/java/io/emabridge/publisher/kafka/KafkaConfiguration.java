package io.emabridge.publisher.kafka;

import java.util.HashMap;
import java.util.Map;

import io.emabridge.publisher.config.GatewayProperties;
import io.emabridge.support.kafka.KafkaHealth;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.ProducerListener;

/** The lifecycle topic, the producer settings the gateway's promises rest on, and the Kafka health check. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "ema.gateway.create-topics", matchIfMissing = true)
	NewTopic lifecycleTopic(GatewayProperties properties) {
		return TopicBuilder.name(properties.topic())
			.partitions(properties.partitions())
			.replicas(properties.replicationFactor())
			.build();
	}

	/**
	 * Applied over {@code spring.kafka.producer.*}: a 202 means "stored on every in-sync replica, exactly once", so
	 * acks and idempotence are not configuration, and every wait inside the producer ends within the publish timeout.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer gatewayProducerSettings(GatewayProperties properties) {
		int timeout = (int) Math.min(Integer.MAX_VALUE, properties.publishTimeout().toMillis());
		Map<String, Object> settings = new HashMap<>();
		settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
		settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
		// delivery.timeout.ms must cover linger.ms + request.timeout.ms, or the producer refuses to start
		settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeout / 2));
		return (factory) -> factory.updateConfigs(settings);
	}

	/**
	 * Replaces Boot's logging listener: {@link EventPublisher} already logs a failed send once, with the event id,
	 * and the default would log it again as an error with a stack trace.
	 */
	@Bean
	ProducerListener<Object, Object> kafkaProducerListener() {
		return new ProducerListener<>() {
		};
	}

	@Bean
	Admin kafkaHealthAdmin(KafkaAdmin kafkaAdmin, GatewayProperties properties) {
		int timeout = (int) properties.healthTimeout().toMillis();
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, "whmcs-publisher-health");
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
		return Admin.create(config);
	}

	@Bean
	KafkaHealth kafkaHealthIndicator(Admin kafkaHealthAdmin, GatewayProperties properties) {
		return KafkaHealth.describingCluster(kafkaHealthAdmin, properties.healthTimeout(),
				properties.healthCacheTime());
	}
}
