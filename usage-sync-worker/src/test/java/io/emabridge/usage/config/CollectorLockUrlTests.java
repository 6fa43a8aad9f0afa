package io.emabridge.usage.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's lock connection: the pool's URL unless another PostgreSQL URL is given.
 */
class CollectorLockUrlTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void theLockUsesThePoolsUrlUnlessAnotherIsGiven() {
		this.runner
			.run((context) -> assertThat(context.getBean(UsageProperties.class).collector().lockUrl()).isEmpty());
		this.runner.withPropertyValues("ema.usage.collector.lock-url=jdbc:postgresql://db.internal:5432/ema")
			.run((context) -> assertThat(context.getBean(UsageProperties.class).collector().lockUrl())
				.isEqualTo("jdbc:postgresql://db.internal:5432/ema"));
	}

	@Test
	void refusesALockUrlThatIsNotPostgresJdbc() {
		this.runner.withPropertyValues("ema.usage.collector.lock-url=postgres://db.internal:5432/ema")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("collector.lockUrl")
				.hasMessageContaining("must be a jdbc:postgresql: URL"));
	}

	@EnableConfigurationProperties(UsageProperties.class)
	static class PropertiesConfiguration {

	}

}
