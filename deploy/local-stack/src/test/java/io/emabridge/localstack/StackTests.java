package io.emabridge.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import io.emabridge.embedded.ServiceJars;
import io.emabridge.embedded.ServiceProcess;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.BuiltJars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class StackTests {

	@TempDir
	Path dataDir;

	@Test
	void infrastructureComesUpOnShiftedPortsAndKeepsItsDataAcrossARestart() throws Exception {
		int offset = unusedOffset();
		Stack.Settings settings = new Stack.Settings(this.dataDir, offset, false, "256m",
				new ServiceJars(this.dataDir));
		ByteArrayOutputStream startup = new ByteArrayOutputStream();
		try (Stack stack = Stack.start(settings,
				new StartupLog(new PrintStream(startup, true, StandardCharsets.UTF_8), System::nanoTime))) {
			assertThat(startup.toString(StandardCharsets.UTF_8)).containsSubsequence(
					"Kafka (KRaft)          up     " + stack.kafka().bootstrapServers(),
					"PostgreSQL             up     " + stack.postgres().jdbcUrl(LocalDefaults.DATABASE),
					"Archive API sandbox    up     " + stack.archive().baseUrl(),
					"WHMCS API sandbox      up     " + stack.whmcs().baseUrl());
			assertThat(stack.kafka().port()).isEqualTo(LocalDefaults.KAFKA_PORT + offset);
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()))) {
				admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic("kept", 1, (short) 1)))
					.all()
					.get();
			}
			try (Connection connection = stack.postgres().connect(LocalDefaults.DATABASE)) {
				connection.createStatement().execute("create table kept (id int)");
			}
			HttpResponse<String> tenants = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(stack.archive().baseUrl() + "/api/reseller/tenants"))
					.header("Authorization", "Bearer " + LocalDefaults.ARCHIVE_API_KEY)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(tenants.statusCode()).isEqualTo(200);
			stack.archive().seedTenant(LocalDefaults.ARCHIVE_API_KEY, TenantSeed.of("kept-tenant", "Kept"));
			assertThat(stack.services()).isEmpty();
			// no gateway: the WHMCS sandbox's module commands only change the status
			assertThat(stack.whmcs().options().moduleGateway()).isNull();
		}
		try (Stack stack = Stack.start(settings)) {
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()))) {
				assertThat(admin.listTopics().names().get()).contains("kept");
			}
			try (Connection connection = stack.postgres().connect(LocalDefaults.DATABASE)) {
				assertThat(connection.createStatement().executeQuery("select count(*) from kept").next()).isTrue();
			}
			assertThat(stack.archive().tenant("kept-tenant")).isPresent();
		}
	}

	@Test
	void aQuorumOfTwoBrokersIsRefusedBeforeAnythingStarts() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Stack.Settings(this.dataDir, 0, false, "256m", new ServiceJars(this.dataDir), 2))
			.withMessageContaining("--brokers must be 1 or 3 to 5");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Stack.Settings(this.dataDir, 0, false, "256m", new ServiceJars(this.dataDir), 0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Stack.Settings(this.dataDir, 0, false, "256m", new ServiceJars(this.dataDir), 6));
		int exit = new CommandLine(new LocalStack()).execute("up", "--brokers", "2", "--data-dir",
				this.dataDir.toString());
		assertThat(exit).isEqualTo(2);
		assertThat(this.dataDir).isEmptyDirectory();
	}

	@Test
	void threeBrokersRunEachInAJvmOfItsOwnAndKeepThreeCopiesOfEveryTopic() throws Exception {
		int offset = unusedOffset();
		Stack.Settings settings = new Stack.Settings(this.dataDir, offset, false, "256m", new ServiceJars(this.dataDir),
				3);
		ByteArrayOutputStream startup = new ByteArrayOutputStream();
		try (Stack stack = Stack.start(settings,
				new StartupLog(new PrintStream(startup, true, StandardCharsets.UTF_8), System::nanoTime))) {
			String bootstrap = stack.kafkaBootstrapServers();
			assertThat(bootstrap)
				.isEqualTo("127.0.0.1:%d,127.0.0.1:%d,127.0.0.1:%d".formatted(LocalDefaults.KAFKA_PORT + offset,
						LocalDefaults.KAFKA_PORT + offset + 1, LocalDefaults.KAFKA_PORT + offset + 2));
			assertThat(startup.toString(StandardCharsets.UTF_8)).contains("Kafka (KRaft) x3       up     " + bootstrap);
			assertThat(stack.cluster().nodeIds()).map((id) -> stack.cluster().node(id).pid())
				.doesNotHaveDuplicates()
				.doesNotContain(ProcessHandle.current().pid());
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
				admin.createTopics(List.of(new NewTopic("replicated", 2, (short) -1))).all().get();
				// the broker asked may learn of the new topic a moment after the
				// controller
				await().atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(admin.describeTopics(List.of("replicated"))
						.allTopicNames()
						.get()
						.get("replicated")
						.partitions()).allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(3)));
				var topic = new ConfigResource(ConfigResource.Type.TOPIC, "replicated");
				assertThat(
						admin.describeConfigs(List.of(topic)).all().get().get(topic).get("min.insync.replicas").value())
					.isEqualTo("2");
			}
		}
	}

	@Test
	void theGatewayRunsAsItsOwnProcessAndAcceptsAnEventFromTheSendCommand() {
		// the gateway's executable jar exists once the build has packaged it (./mvnw
		// verify or package)
		ServiceJars jars = new ServiceJars(Path.of("../..").toAbsolutePath().normalize());
		BuiltJars.assumeBuilt(jars, "whmcs-publisher");
		int offset = unusedOffset();
		Stack.Settings settings = new Stack.Settings(this.dataDir, offset, true, "256m", jars);
		try (Stack stack = Stack.start(settings)) {
			ServiceProcess gateway = stack.service("whmcs-publisher").orElseThrow();
			int exit = new CommandLine(new LocalStack()).execute("send", "create", "42", "--gateway", gateway.url());
			assertThat(exit).isZero();
			int wrongSecret = new CommandLine(new LocalStack()).execute("send", "suspend", "42", "--gateway",
					gateway.url(), "--secret", "not-the-secret");
			assertThat(wrongSecret).isEqualTo(1);
		}
	}

	@Test
	void aModuleCreateInTheWhmcsSandboxGoesThroughTheGatewayToTheWorkerAndFailsWhenTheGatewayIsDown() throws Exception {
		ServiceJars jars = new ServiceJars(Path.of("../..").toAbsolutePath().normalize());
		BuiltJars.assumeBuilt(jars, "whmcs-publisher");
		BuiltJars.assumeBuilt(jars, "provisioning-worker");
		try (Stack stack = startOnFreePorts(jars)) {
			ServiceProcess gateway = stack.service("whmcs-publisher").orElseThrow();
			assertThat(stack.whmcs().options().moduleGateway().url()).isEqualTo(gateway.url());
			long serviceId = ThreadLocalRandom.current().nextLong(100_000, 1_000_000);

			// as the drift reconciler asks for it: the module publishes the create, the
			// worker makes the tenant and writes its slug back
			assertThat(whmcsCall(stack, "ModuleCreate", serviceId)).contains("\"result\":\"success\"");
			await().atMost(Duration.ofMinutes(2))
				.until(() -> !stack.whmcs().customField(serviceId, WhmcsProduct.SLUG_FIELD_ID).orElse("").isEmpty());
			assertThat(stack.archive().tenant(stack.whmcs().customField(serviceId, WhmcsProduct.SLUG_FIELD_ID).get()))
				.isPresent();

			// a service of WHMCS server 2 lands in the second reseller account, under its
			// base domain, and in no other
			long secondServer = serviceId + 1;
			stack.whmcs()
				.putService(WhmcsService.of(secondServer, secondServer)
					.withPid(stack.whmcs().options().defaultPid())
					.withServerId((int) LocalDefaults.SECOND_ACCOUNT_SERVER));
			assertThat(whmcsCall(stack, "ModuleCreate", secondServer)).contains("\"result\":\"success\"");
			await().atMost(Duration.ofMinutes(2))
				.until(() -> !stack.whmcs().customField(secondServer, WhmcsProduct.SLUG_FIELD_ID).orElse("").isEmpty());
			String secondSlug = stack.whmcs().customField(secondServer, WhmcsProduct.SLUG_FIELD_ID).get();
			assertThat(stack.archive().tenants(LocalDefaults.SECOND_ACCOUNT_API_KEY)).extracting(ArchiveTenant::slug)
				.containsExactly(secondSlug);
			assertThat(stack.archive().tenants(LocalDefaults.ARCHIVE_API_KEY)).extracting(ArchiveTenant::slug)
				.doesNotContain(secondSlug)
				.contains(stack.whmcs().customField(serviceId, WhmcsProduct.SLUG_FIELD_ID).get());
			assertThat(stack.whmcs().customField(secondServer, WhmcsProduct.URL_FIELD_ID))
				.hasValue("https://" + secondSlug + "." + LocalDefaults.SECOND_ACCOUNT_BASE_DOMAIN);

			// without the gateway the module fails, and so does the command
			gateway.close();
			assertThat(whmcsCall(stack, "ModuleSuspend", serviceId)).contains("\"result\":\"error\"")
				.contains("Event gateway unreachable at " + gateway.url());
			assertThat(stack.whmcs().service(serviceId).orElseThrow().status()).isEqualTo("Active");
		}
	}

	private static String whmcsCall(Stack stack, String action, long serviceId) throws Exception {
		String form = "identifier=" + LocalDefaults.WHMCS_IDENTIFIER + "&secret=" + LocalDefaults.WHMCS_SECRET
				+ "&accesskey=" + WhmcsSandboxOptions.DEFAULT_ACCESS_KEY + "&responsetype=json&action=" + action
				+ "&serviceid=" + serviceId;
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(stack.whmcs().apiUrl()))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return answer.body();
	}

	@Test
	void theUsageWorkerRunsAsTheThirdServiceOnItsPortAndCollectsOnTheAdminToken() throws Exception {
		ServiceJars jars = new ServiceJars(Path.of("../..").toAbsolutePath().normalize());
		BuiltJars.assumeBuilt(jars, "usage-sync-worker");
		try (Stack stack = startOnFreePorts(jars)) {
			ServiceProcess usage = stack.service("usage-sync-worker").orElseThrow();
			assertThat(usage.port()).isEqualTo(stack.port(LocalDefaults.USAGE_SYNC_PORT));
			assertThat(usage.port() - stack.port(LocalDefaults.GATEWAY_PORT)).isEqualTo(2);
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> collect = http
				.send(HttpRequest.newBuilder(URI.create(usage.url() + "/admin/usage/collect"))
					.header("Authorization", "Bearer " + LocalDefaults.ADMIN_TOKEN)
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(collect.statusCode()).as(collect.body()).isEqualTo(202);
			HttpResponse<String> refused = http
				.send(HttpRequest.newBuilder(URI.create(usage.url() + "/admin/usage/collect"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(401);
		}
	}

	/**
	 * A stack with its services on random shifted ports, shifted again when one of them
	 * is taken meanwhile.
	 */
	private Stack startOnFreePorts(ServiceJars jars) {
		for (int attempt = 1;; attempt++) {
			int offset = unusedOffset();
			try {
				return Stack
					.start(new Stack.Settings(this.dataDir.resolve("attempt-" + attempt), offset, true, "256m", jars));
			}
			catch (java.io.UncheckedIOException ex) {
				if (attempt == 3 || !(ex.getCause() instanceof java.net.BindException)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * A port offset whose shifted ports are all free now. Shifted ports stay below 32768,
	 * where Linux starts handing out ports for outgoing connections, so that a connection
	 * of another test cannot take one meanwhile.
	 */
	private static int unusedOffset() {
		int[] ports = { LocalDefaults.KAFKA_PORT, LocalDefaults.KAFKA_PORT + 1, LocalDefaults.KAFKA_PORT + 2,
				LocalDefaults.KAFKA_CONTROLLER_PORT, LocalDefaults.KAFKA_CONTROLLER_PORT + 1,
				LocalDefaults.KAFKA_CONTROLLER_PORT + 2, LocalDefaults.POSTGRES_PORT,
				LocalDefaults.ARCHIVE_SANDBOX_PORT, LocalDefaults.WHMCS_SANDBOX_PORT, LocalDefaults.GATEWAY_PORT,
				LocalDefaults.PROVISIONING_PORT, LocalDefaults.USAGE_SYNC_PORT };
		for (int attempt = 0; attempt < 100; attempt++) {
			int offset = ThreadLocalRandom.current().nextInt(10_000, 17_000);
			if (Arrays.stream(ports).allMatch((port) -> isFree(port + offset))) {
				return offset;
			}
		}
		throw new IllegalStateException("no free port offset found");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
