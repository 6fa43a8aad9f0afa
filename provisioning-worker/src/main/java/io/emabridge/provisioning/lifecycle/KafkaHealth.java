package io.emabridge.provisioning.lifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Kafka's part of {@code /actuator/health}: whether the cluster answers a describe request within a short timeout.
 * (Boot checks the database itself.)
 */
@Component("kafka")
class KafkaHealth implements HealthIndicator, DisposableBean {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final Admin admin;

	KafkaHealth(KafkaAdmin kafkaAdmin) {
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, "provisioning-worker-health");
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		this.admin = Admin.create(config);
	}

	@Override
	public Health health() {
		long millis = TIMEOUT.toMillis();
		DescribeClusterResult cluster = this.admin
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) millis));
		try {
			String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
			int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
			return Health.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes).build();
		}
		catch (ExecutionException ex) {
			return Health.down().withDetail("error", String.valueOf(ex.getCause())).build();
		}
		catch (TimeoutException ex) {
			return Health.down().withDetail("error", "no answer within " + millis + " ms").build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down().withDetail("error", "interrupted").build();
		}
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}
}
