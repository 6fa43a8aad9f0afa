package io.emabridge.provisioning.tenantstate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.provisioning.config.WorkerProperties;

/** The tenant state publisher the applier uses. */
@Configuration(proxyBeanMethods = false)
class TenantStateConfiguration {

	@Bean
	TenantStatePublisher tenantStatePublisher(KafkaTemplate<String, byte[]> template, WorkerProperties properties) {
		return new KafkaTenantStatePublisher(template, properties.tenantStateTopic(), properties.publishTimeout());
	}

}
