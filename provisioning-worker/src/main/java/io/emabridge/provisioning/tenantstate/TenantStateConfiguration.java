package io.emabridge.provisioning.tenantstate;

import io.emabridge.provisioning.config.WorkerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** The tenant state publisher the applier uses. */
@Configuration(proxyBeanMethods = false)
class TenantStateConfiguration {

	@Bean
	TenantStatePublisher tenantStatePublisher(KafkaTemplate<String, byte[]> template, WorkerProperties properties) {
		return new KafkaTenantStatePublisher(template, properties.tenantStateTopic(), properties.publishTimeout());
	}

}
