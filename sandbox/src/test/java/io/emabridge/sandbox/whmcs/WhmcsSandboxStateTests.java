package io.emabridge.sandbox.whmcs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.whmcs.PhpSerialization;
import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class WhmcsSandboxStateTests {

	private static final String IDENTIFIER = "api-identifier";

	private static final String SECRET = "very-secret-whmcs-value";

	@TempDir
	Path dir;

	private Path file() {
		return this.dir.resolve("var").resolve("whmcs-sandbox.json");
	}

	private WhmcsSandboxOptions options() {
		return WhmcsSandboxOptions.defaults()
			.withCredentials(IDENTIFIER, SECRET)
			.withAutoCreateServices(true)
			.withStateFile(file());
	}

	private static TestHttp.Response call(WhmcsSandbox sandbox, String secret, String action, String... fields)
			throws IOException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("identifier", IDENTIFIER);
		form.put("secret", secret);
		form.put("action", action);
		form.put("responsetype", "json");
		for (int i = 0; i < fields.length; i += 2) {
			form.put(fields[i], fields[i + 1]);
		}
		return TestHttp.postForm(sandbox.apiUrl(), form);
	}

	private static JsonNode success(WhmcsSandbox sandbox, String action, String... fields) throws IOException {
		TestHttp.Response response = call(sandbox, SECRET, action, fields);
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("result").asString()).as(body.toString()).isEqualTo("success");
		return body;
	}

	/**
	 * Services (one auto-created), custom fields, activity lines, a ticket with replies.
	 */
	private static long populate(WhmcsSandbox sandbox) throws IOException {
		success(sandbox, "ModuleCreate", "serviceid", "5");
		success(sandbox, "UpdateClientProduct", "serviceid", "5", "status", "Suspended", "customfields",
				PhpSerialization.encodeCustomFields(Map.of(WhmcsProduct.SLUG_FIELD_ID, "acme-corp",
						WhmcsProduct.URL_FIELD_ID, "https://acme-corp.archive.example.test")));
		assertThat(TestHttp
			.send("PUT", sandbox.baseUrl() + "/_sandbox/services/9", null,
					"{\"clientid\":3,\"domain\":\"beta.example\",\"customfields\":{\"Archive slug\":\"beta\"}}")
			.status()).isEqualTo(200);
		success(sandbox, "LogActivity", "description", "Archive tenant acme-corp created", "clientid", "5");
		long ticketId = success(sandbox, "OpenTicket", "deptid", "2", "clientid", "5", "serviceid", "5", "subject",
				"Provisioning failed", "message", "Slug taken", "priority", "High")
			.get("id")
			.asLong();
		success(sandbox, "AddTicketReply", "ticketid", Long.toString(ticketId), "message", "Retried", "adminusername",
				"ops");
		success(sandbox, "AddTicketReply", "ticketid", Long.toString(ticketId), "message", "Thanks", "clientid", "5");
		return ticketId;
	}

	@Test
	void servicesActivityAndTicketsSurviveARestart() throws IOException {
		List<WhmcsService> services;
		List<WhmcsActivity> activity;
		List<WhmcsTicket> tickets;
		long ticketId;
		try (WhmcsSandbox sandbox = WhmcsSandbox.start(options())) {
			ticketId = populate(sandbox);
			services = sandbox.services();
			activity = sandbox.activityLog();
			tickets = sandbox.tickets();
		}
		assertThat(services).hasSize(2);
		assertThat(activity).hasSize(2);

		try (WhmcsSandbox sandbox = WhmcsSandbox.start(options())) {
			assertThat(sandbox.services()).isEqualTo(services);
			assertThat(sandbox.activityLog()).isEqualTo(activity);
			assertThat(sandbox.tickets()).isEqualTo(tickets);
			assertThat(sandbox.customField(5, "Archive slug")).hasValue("acme-corp");
			assertThat(sandbox.customField(9, WhmcsProduct.SLUG_FIELD_ID)).hasValue("beta");
			assertThat(sandbox.ticket(ticketId).orElseThrow().replies()).extracting(WhmcsTicketReply::message)
				.containsExactly("Retried", "Thanks");

			JsonNode products = success(sandbox, "GetClientsProducts", "serviceid", "5").at("/products/product/0");
			assertThat(products.get("status").asString()).isEqualTo("Suspended");
			assertThat(products.at("/customfields/customfield/0/value").asString()).isEqualTo("acme-corp");

			// New ids continue after the old ones.
			success(sandbox, "LogActivity", "description", "After the restart");
			assertThat(sandbox.activityLog()).last().satisfies((line) -> {
				assertThat(line.id()).isEqualTo(activity.get(activity.size() - 1).id() + 1);
				assertThat(line.user()).isEqualTo(IDENTIFIER);
			});
			long next = success(sandbox, "OpenTicket", "deptid", "1", "clientid", "9", "subject", "s", "message", "m")
				.get("id")
				.asLong();
			assertThat(next).isEqualTo(ticketId + 1);
			success(sandbox, "ModuleTerminate", "serviceid", "9");
		}

		try (WhmcsSandbox sandbox = WhmcsSandbox.start(options())) {
			assertThat(sandbox.activityLog()).hasSize(4);
			assertThat(sandbox.tickets()).hasSize(2);
			assertThat(sandbox.service(9).orElseThrow().status()).isEqualTo("Terminated");
		}
	}

	@Test
	void theFileHoldsNoSecretAndCredentialsComeFromTheOptions() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox.start(options())) {
			populate(sandbox);
			sandbox.addCredentials("extra", "another-secret-value");
		}

		String text = Files.readString(file(), StandardCharsets.UTF_8);
		assertThat(text).doesNotContain(SECRET).doesNotContain("another-secret-value").contains("acme-corp");
		assertThat(TestHttp.JSON.readTree(text).get("format").asString()).isEqualTo("whmcs-sandbox");

		try (WhmcsSandbox sandbox = WhmcsSandbox
			.start(options().withCredentials(IDENTIFIER, "new-secret").withAutoCreateServices(false))) {
			assertThat(call(sandbox, SECRET, "GetClientsProducts").status()).isEqualTo(403);
			assertThat(call(sandbox, "new-secret", "GetClientsProducts").json().get("totalresults").asInt())
				.isEqualTo(2);
			assertThat(sandbox.autoCreateServices()).isFalse();
		}
	}

	@Test
	void changesAreWrittenWithinASecondWithoutAClose() throws IOException {
		Path copy = this.dir.resolve("copy.json");
		try (WhmcsSandbox sandbox = WhmcsSandbox.start(options())) {
			success(sandbox, "LogActivity", "description", "Written soon");

			// What a process killed now leaves behind: whatever the writer has put in the
			// file by then.
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> Files.exists(file()) && Files.readString(file()).contains("Written soon"));
			Files.copy(file(), copy);

			try (WhmcsSandbox restarted = WhmcsSandbox.start(options().withStateFile(copy))) {
				assertThat(restarted.activityLog()).extracting(WhmcsActivity::description)
					.containsExactly("Written soon");
			}
		}
	}

	@Test
	void aCorruptFileFailsTheStartAndIsLeftAlone() throws IOException {
		Files.createDirectories(file().getParent());
		String corrupt = "{\"format\":\"whmcs-sandbox\",\"version\":1,\"services\":[{\"id\":5,";
		Files.writeString(file(), corrupt);

		assertThatIllegalStateException().isThrownBy(() -> WhmcsSandbox.start(options()))
			.withMessageContaining(file().toString());
		assertThat(Files.readString(file())).isEqualTo(corrupt);
	}

	@Test
	void servicesThatDoNotFitTheProductsFailTheStart() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox.start(options())) {
			populate(sandbox);
		}
		WhmcsProduct other = new WhmcsProduct(2, "Other", "Other", Map.of(20, "Something"));

		assertThatIllegalStateException()
			.isThrownBy(() -> WhmcsSandbox.start(options().withProducts(List.of(other), 2)))
			.withMessageContaining(file().toString())
			.withMessageContaining("no product with pid 1");
	}

	@Test
	void badEntriesFailTheStart() throws IOException {
		Files.createDirectories(file().getParent());
		String badService = "{\"id\":1,\"clientId\":1,\"pid\":1,\"serverId\":1,\"domain\":\"\",\"username\":\"\","
				+ "\"status\":\"Sleeping\",\"diskUsage\":0,\"diskLimit\":0,\"bwUsage\":0,\"bwLimit\":0,"
				+ "\"lastUpdate\":\"\",\"notes\":\"\",\"customFields\":{}}";
		for (String content : List.of("{\"format\":\"archive-sandbox\",\"version\":1,\"tenants\":[]}",
				"{\"format\":\"whmcs-sandbox\",\"version\":1}", state("\"x\"", "[]", "[]"),
				state("0", "[]", "[{\"id\":1}]"), state("0", "[" + badService + "]", "[]"))) {
			Files.writeString(file(), content);

			assertThatIllegalStateException().as(content)
				.isThrownBy(() -> WhmcsSandbox.start(options()))
				.withMessageContaining(file().toString());
		}
	}

	private static String state(String lastTicketId, String services, String activity) {
		return "{\"format\":\"whmcs-sandbox\",\"version\":1,\"lastActivityId\":0,\"lastTicketId\":" + lastTicketId
				+ ",\"services\":" + services + ",\"activity\":" + activity + ",\"tickets\":[]}";
	}

}
