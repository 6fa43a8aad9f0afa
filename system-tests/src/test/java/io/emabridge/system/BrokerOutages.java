package io.emabridge.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import io.emabridge.embedded.KafkaCluster;
import io.emabridge.system.ConvergenceRun.Acknowledgement;

/**
 * Kafka nodes killed ({@code kill -9}) and restarted one at a time under a running
 * bridge, each outage timed: from the kill, through the restart, until every partition
 * has all its replicas in sync again. What each outage cost is read off the gateway's
 * answers during it.
 */
final class BrokerOutages {

	private static final Duration CATCH_UP = Duration.ofMinutes(3);

	private final KafkaCluster cluster;

	private final String topic;

	private final List<Outage> outages = new ArrayList<>();

	private Outage current;

	private CompletableFuture<Void> recovery = CompletableFuture.completedFuture(null);

	BrokerOutages(KafkaCluster cluster, String topic) {
		this.cluster = cluster;
		this.topic = topic;
	}

	/**
	 * Kills the node that leads most partitions of the lifecycle topic, or with
	 * {@code controller} the node that leads the controller quorum, among those not
	 * killed yet; first waits until the previous outage is over (the node back and in
	 * sync), so that never more than one node is down.
	 */
	void killNext(boolean controller) {
		this.recovery.join();
		Set<Integer> killedBefore = this.outages.stream().map(Outage::node).collect(Collectors.toSet());
		Map<Integer, Long> leaders = partitionLeaders();
		int active = this.cluster.activeController();
		int node = this.cluster.nodeIds()
			.stream()
			.filter((id) -> !killedBefore.contains(id) || killedBefore.size() == this.cluster.size())
			.max(Comparator.<Integer>comparingInt((id) -> (controller && id == active) ? 1 : 0)
				.thenComparingLong((id) -> leaders.getOrDefault(id, 0L)))
			.orElseThrow();
		String role = "leader of " + leaders.getOrDefault(node, 0L) + " of the topic's partitions"
				+ ((node == active) ? ", active controller" : "");
		this.current = new Outage(node, role, System.nanoTime());
		this.cluster.kill(node);
	}

	/**
	 * Starts the killed node again in the background, and notes when it has joined and
	 * when every partition is fully in sync again.
	 */
	void restartInBackground() {
		Outage outage = this.current;
		outage.restartedAt = System.nanoTime();
		this.recovery = CompletableFuture.runAsync(() -> {
			this.cluster.restart(outage.node);
			outage.rejoinedAt = System.nanoTime();
			this.cluster.awaitFullyReplicated(CATCH_UP);
			outage.inSyncAt = System.nanoTime();
		});
		this.outages.add(outage);
	}

	/** Waits until the last node restarted is back and in sync. */
	void awaitRecovered() {
		this.recovery.join();
	}

	List<Outage> outages() {
		return List.copyOf(this.outages);
	}

	/**
	 * Whether a 503 at {@code nanos} came during an outage: from its kill until every
	 * replica was in sync again, plus the gateway's publish timeout for a call that began
	 * before the end.
	 */
	boolean duringAnOutage(long nanos, Duration publishTimeout) {
		return this.outages.stream()
			.anyMatch((outage) -> nanos >= outage.killedAt
					&& nanos <= outage.inSyncAt + publishTimeout.plusSeconds(1).toNanos());
	}

	/** One line per outage: what it cost the gateway, and how long the node took back. */
	List<String> report(ConvergenceRun run) {
		List<Long> unavailable = run.unavailableAt();
		List<Acknowledgement> acknowledged = run.acknowledgements();
		List<Long> calm = acknowledged.stream()
			.filter((ack) -> this.outages.stream().noneMatch((outage) -> outage.covers(ack)))
			.map((ack) -> ack.latency().toMillis())
			.sorted()
			.toList();
		List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT,
				"broker outages: %d events acknowledged, %d outside outages with median %d ms and slowest %d ms "
						+ "from the module's first call to the 202",
				acknowledged.size(), calm.size(), calm.isEmpty() ? 0 : calm.get(calm.size() / 2),
				calm.isEmpty() ? 0 : calm.get(calm.size() - 1)));
		for (Outage outage : this.outages) {
			List<Acknowledgement> during = acknowledged.stream().filter(outage::covers).toList();
			long slowest = during.stream().mapToLong((ack) -> ack.latency().toMillis()).max().orElse(0);
			long answers503 = unavailable.stream().filter(outage::covers).count();
			lines.add(String.format(Locale.ROOT,
					"broker outage: node %d (%s) killed; %d events acknowledged while it was away or catching up, "
							+ "slowest %d ms after the first call; 503 answers: %d; down %.1f s, restarted node joined "
							+ "after %.1f s and all replicas in sync %.1f s after the restart",
					outage.node, outage.role, during.size(), slowest, answers503,
					seconds(outage.restartedAt - outage.killedAt), seconds(outage.rejoinedAt - outage.restartedAt),
					seconds(outage.inSyncAt - outage.restartedAt)));
		}
		return lines;
	}

	private Map<Integer, Long> partitionLeaders() {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.bootstrapServers()))) {
			return admin.describeTopics(Set.of(this.topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(this.topic)
				.partitions()
				.stream()
				.map(TopicPartitionInfo::leader)
				.filter((leader) -> leader != null)
				.collect(Collectors.groupingBy(Node::id, Collectors.counting()));
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not describe " + this.topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static double seconds(long nanos) {
		return nanos / (double) TimeUnit.SECONDS.toNanos(1);
	}

	/** One node's outage, from its kill until all its replicas were in sync again. */
	static final class Outage {

		private final int node;

		private final String role;

		private final long killedAt;

		private volatile long restartedAt;

		private volatile long rejoinedAt;

		private volatile long inSyncAt;

		private Outage(int node, String role, long killedAt) {
			this.node = node;
			this.role = role;
			this.killedAt = killedAt;
		}

		int node() {
			return this.node;
		}

		boolean covers(long nanos) {
			return nanos >= this.killedAt && nanos <= this.inSyncAt;
		}

		boolean covers(Acknowledgement ack) {
			return ack.acknowledgedNanos() >= this.killedAt && ack.firstCallNanos() <= this.inSyncAt;
		}

	}

}
