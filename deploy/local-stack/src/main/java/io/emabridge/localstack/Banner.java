package io.emabridge.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import io.emabridge.embedded.KafkaCluster;
import io.emabridge.embedded.LocalPostgres;
import io.emabridge.embedded.ServiceProcess;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;

/**
 * What a newcomer needs once the stack is up: every endpoint and every development
 * credential.
 */
final class Banner {

	private Banner() {
	}

	static void print(PrintStream out, Stack stack) {
		Path data = stack.dataDir();
		LocalPostgres postgres = stack.postgres();
		ArchiveSandbox archive = stack.archive();
		WhmcsSandbox whmcs = stack.whmcs();
		List<ServiceProcess> services = stack.services();
		out.println();
		out.println("EMA bridge local stack is up. Data: " + data + "   (stop with Ctrl-C)");
		out.println();
		out.printf("  Kafka (KRaft)          %s%n", stack.kafkaBootstrapServers());
		KafkaCluster cluster = stack.cluster();
		if (cluster != null) {
			for (int id : cluster.nodeIds()) {
				ServiceProcess node = cluster.node(id);
				out.printf("    node %d               pid %d  log %s%n", id, node.pid(), node.logFile());
			}
			out.println("    (kill -9 one node: the others go on; topics have 3 replicas, 2 must be in sync)");
		}
		out.printf("  PostgreSQL             %s  user %s, no password%n", postgres.jdbcUrl(LocalDefaults.DATABASE),
				postgres.username());
		out.printf("  Archive API sandbox    %s  API key %s (WHMCS server %d: %s)%n", archive.baseUrl(),
				LocalDefaults.ARCHIVE_API_KEY, LocalDefaults.SECOND_ACCOUNT_SERVER,
				LocalDefaults.SECOND_ACCOUNT_API_KEY);
		out.printf("                         requests: %s/_sandbox/requests  faults: POST %s/_sandbox/faults%n",
				archive.baseUrl(), archive.baseUrl());
		out.printf("  WHMCS API sandbox      %s/includes/api.php  identifier %s, secret %s, accesskey %s%n",
				whmcs.baseUrl(), LocalDefaults.WHMCS_IDENTIFIER, LocalDefaults.WHMCS_SECRET,
				WhmcsSandboxOptions.DEFAULT_ACCESS_KEY);
		for (ServiceProcess service : services) {
			out.printf("  %-22s %s  health %s/actuator/health  metrics %s/actuator/prometheus  log %s%n",
					service.name(), service.url(), service.url(), service.url(), service.logFile());
		}
		out.println();
		out.printf("  Gateway secret (development only)  %s%n", LocalDefaults.GATEWAY_SECRET);
		out.printf("  Admin token (development only)     %s%n", LocalDefaults.ADMIN_TOKEN);
		out.println();
		String gateway = stack.service("whmcs-publisher")
			.filter((service) -> service.port() != LocalDefaults.GATEWAY_PORT)
			.map((service) -> " --gateway " + service.url())
			.orElse("");
		if (whmcs.port() != LocalDefaults.WHMCS_SANDBOX_PORT) {
			gateway += " --whmcs " + whmcs.baseUrl();
		}
		out.println("  Try it:  java -jar deploy/local-stack/target/local-stack.jar send create 42" + gateway);
		stack.service("usage-sync-worker")
			.ifPresent((usage) -> out.println("  Collect usage now:  curl -X POST -H 'Authorization: Bearer "
					+ LocalDefaults.ADMIN_TOKEN + "' " + usage.url() + "/admin/usage/collect"));
		stack.service("provisioning-worker")
			.ifPresent((worker) -> out.println("  Look for drift:  EMA_ADMIN_TOKEN=" + LocalDefaults.ADMIN_TOKEN
					+ " java -jar provisioning-worker/target/provisioning-worker-*-exec.jar reconcile --url "
					+ worker.url()));
		out.println();
	}

}
