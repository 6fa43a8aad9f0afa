package io.emabridge.provisioning.ledger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool follows the configured concurrency unless its size is set. */
class ConnectionPoolSizingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PoolConfiguration.class);

	@Test
	void oneConnectionPerFourAppliersOnePerListenerThreadAndFourForTheRest() {
		assertThat(ConnectionPoolSizing.poolSize(64, 3)).isEqualTo(16 + 3 + 4);
		assertThat(ConnectionPoolSizing.poolSize(65, 3)).as("rounded up").isEqualTo(17 + 3 + 4);
		assertThat(ConnectionPoolSizing.poolSize(16, 1)).isEqualTo(4 + 1 + 4);
		assertThat(ConnectionPoolSizing.poolSize(16, 0)).as("at least one listener thread").isEqualTo(4 + 1 + 4);
	}

	@Test
	void theServicesDefaultsGiveTwentyThreeConnections() {
		this.runner.withPropertyValues("ema.worker.concurrency=64", "spring.kafka.listener.concurrency=3")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(23));
	}

	@Test
	void followsTheConcurrency() {
		this.runner.withPropertyValues("ema.worker.concurrency=256", "spring.kafka.listener.concurrency=6")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize())
				.isEqualTo(64 + 6 + 4));
	}

	@Test
	void anExplicitPoolSizeIsLeftAsBootConfiguredIt() {
		this.runner.withPropertyValues("ema.worker.concurrency=256", "spring.datasource.hikari.maximum-pool-size=7")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(7));
	}

	@Configuration(proxyBeanMethods = false)
	static class PoolConfiguration {

		@Bean
		static ConnectionPoolSizing connectionPoolSizing(Environment environment) {
			return new ConnectionPoolSizing(environment);
		}

		@Bean(destroyMethod = "close")
		HikariDataSource dataSource() {
			HikariDataSource pool = new HikariDataSource();
			// as Boot's binding of spring.datasource.hikari.* would have set it
			pool.setMaximumPoolSize(7);
			return pool;
		}

	}

}
