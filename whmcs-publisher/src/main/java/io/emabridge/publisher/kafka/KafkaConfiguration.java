package io.emabridge.publisher.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.ProducerListener;

import io.emabridge.publisher.config.GatewayProperties;
import io.emabridge.support.kafka.KafkaClientSettings;
import io.emabridge.support.kafka.KafkaHealth;

/**
 * The lifecycle topic, the producer settings the gateway's promises rest on, and the
 * Kafka health check.
 */
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
	 * Applied over {@code spring.kafka.producer.*}: a 202 means "stored on every in-sync
	 * replica, exactly once", so acks and idempotence are not configuration, and every
	 * wait inside the producer ends within the publish timeout.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer gatewayProducerSettings(GatewayProperties properties) {
		return (factory) -> factory.updateConfigs(KafkaClientSettings.durableProducer(properties.publishTimeout()));
	}

	/**
	 * Replaces Boot's logging listener: {@link EventPublisher} already logs a failed send
	 * once, with the event id, and the default would log it again as an error with a
	 * stack trace.
	 */
	@Bean
	ProducerListener<Object, Object> kafkaProducerListener() {
		return new ProducerListener<>() {
		};
	}

	@Bean
	KafkaHealth kafkaHealthIndicator(KafkaAdmin kafkaAdmin, GatewayProperties properties) {
		return KafkaHealth.withOwnAdmin(kafkaAdmin.getConfigurationProperties(), "whmcs-publisher-health",
				properties.healthTimeout(), properties.healthCacheTime());
	}

}
