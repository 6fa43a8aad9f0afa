package io.emabridge.publisher.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void withoutSecretsTheApplicationDoesNotStartAndSaysWhy() {
		this.runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("ema.gateway.secrets")
			.hasMessageContaining("at least one shared secret"));
	}

	@Test
	void blankSecretIsRefused() {
		this.runner.withPropertyValues("ema.gateway.secrets= ").run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void everythingButTheSecretsHasADefault() {
		this.runner.withPropertyValues("ema.gateway.secrets=one,two").run((context) -> {
			GatewayProperties properties = context.getBean(GatewayProperties.class);
			assertThat(properties.secrets()).containsExactly("one", "two");
			assertThat(properties.timestampTolerance()).isEqualTo(Duration.ofSeconds(300));
			assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(properties.topic()).isEqualTo("ema.lifecycle.v1");
			assertThat(properties.partitions()).isEqualTo(6);
			assertThat(properties.replicationFactor()).isEqualTo(1);
			assertThat(properties.createTopics()).isTrue();
			assertThat(properties.source()).isEqualTo("/whmcs/gateway");
			assertThat(properties.publishTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void secretsNeverShowInToString() {
		this.runner.withPropertyValues("ema.gateway.secrets=hunter2-very-secret")
			.run((context) -> assertThat(context.getBean(GatewayProperties.class).toString())
				.doesNotContain("hunter2-very-secret")
				.contains("1 hidden"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class PropertiesConfiguration {

	}

}
