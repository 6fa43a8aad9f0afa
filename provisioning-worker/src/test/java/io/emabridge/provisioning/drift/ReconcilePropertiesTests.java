package io.emabridge.provisioning.drift;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler's lock connection: the pool's URL unless another PostgreSQL URL is
 * given.
 */
class ReconcilePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void theLockUsesThePoolsUrlUnlessAnotherIsGiven() {
		this.runner.run((context) -> assertThat(context.getBean(ReconcileProperties.class).lockUrl()).isEmpty());
		this.runner.withPropertyValues("ema.reconcile.lock-url=jdbc:postgresql://db.internal:5432/ema")
			.run((context) -> assertThat(context.getBean(ReconcileProperties.class).lockUrl())
				.isEqualTo("jdbc:postgresql://db.internal:5432/ema"));
	}

	@Test
	void refusesALockUrlThatIsNotPostgresJdbc() {
		this.runner.withPropertyValues("ema.reconcile.lock-url=postgres://db.internal:5432/ema")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("lockUrl")
				.hasMessageContaining("must be a jdbc:postgresql: URL"));
	}

	@EnableConfigurationProperties(ReconcileProperties.class)
	static class PropertiesConfiguration {

	}

}
