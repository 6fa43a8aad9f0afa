package io.emabridge.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.admin.Admin;
import io.emabridge.sandbox.archive.TenantSeed;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StackTests {

	@TempDir
	Path dataDir;

	@Test
	void infrastructureComesUpOnShiftedPortsAndKeepsItsDataAcrossARestart() throws Exception {
		int offset = ThreadLocalRandom.current().nextInt(20_000, 40_000);
		Stack.Settings settings = new Stack.Settings(this.dataDir, offset, false, "256m",
				new ServiceJars(this.dataDir));
		try (Stack stack = Stack.start(settings)) {
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
	void theGatewayRunsAsItsOwnProcessAndAcceptsAnEventFromTheSendCommand() {
		// the gateway's executable jar exists once the build has packaged it (./mvnw verify or package)
		ServiceJars jars = new ServiceJars(Path.of("../..").toAbsolutePath().normalize());
		Assumptions.assumeTrue(jars.find("whmcs-publisher").isPresent(), "the gateway jar is not built yet");
		int offset = ThreadLocalRandom.current().nextInt(20_000, 40_000);
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
}
