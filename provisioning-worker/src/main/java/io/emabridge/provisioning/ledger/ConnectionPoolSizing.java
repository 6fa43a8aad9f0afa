package io.emabridge.provisioning.ledger;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Sizes the database connection pool from what uses it, so that raising
 * {@code ema.worker.concurrency} or the listener's consumer threads does not leave the
 * appliers queueing for connections, and an instance takes no more connections than it
 * can use: one per four appliers (each holds a connection only for its short statements,
 * never while the archive is called), one per listener consumer thread (a transaction per
 * poll batch), and four for the rest (the WHMCS notifier, the drift reconciler's reads,
 * the ledger pruner, the gauges read at each scrape and the admin endpoints). An explicit
 * {@code spring.datasource.hikari.maximum-pool-size} wins. The reconciler's advisory lock
 * takes one connection outside the pool while it runs.
 */
final class ConnectionPoolSizing implements BeanPostProcessor {

	static final String POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";

	/** The notifier, the reconciler, the pruner, and scrapes and admin requests. */
	static final int OTHERS = 4;

	/** Appliers per connection. */
	static final int APPLIERS_PER_CONNECTION = 4;

	private static final Logger log = LoggerFactory.getLogger(ConnectionPoolSizing.class);

	private final Environment environment;

	ConnectionPoolSizing(Environment environment) {
		this.environment = environment;
	}

	/** The pool size for this many applier threads and listener consumer threads. */
	static int poolSize(int appliers, int listenerThreads) {
		return (appliers + APPLIERS_PER_CONNECTION - 1) / APPLIERS_PER_CONNECTION + Math.max(1, listenerThreads)
				+ OTHERS;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && !this.environment.containsProperty(POOL_SIZE)) {
			Binder binder = Binder.get(this.environment);
			int appliers = binder.bind("ema.worker.concurrency", Integer.class).orElse(64);
			int listeners = binder.bind("spring.kafka.listener.concurrency", Integer.class).orElse(1);
			int size = poolSize(appliers, listeners);
			pool.setMaximumPoolSize(size);
			log.info("Database pool of {} connections: {} appliers / {}, {} listener threads, {} for the rest ({} sets"
					+ " it instead)", size, appliers, APPLIERS_PER_CONNECTION, listeners, OTHERS, POOL_SIZE);
		}
		return bean;
	}

}
