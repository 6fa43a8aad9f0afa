package io.emabridge.sandbox.whmcs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.whmcs.PhpSerialization;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WhmcsSandboxTests {

	private static final String SLUG_FIELD = "Archive slug";

	private static WhmcsSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = WhmcsSandbox.start(WhmcsSandboxOptions.defaults().withSeed(3));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
	}

	private static TestHttp.Response call(String action, String... fields) throws IOException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("identifier", "sandbox");
		form.put("secret", "sandbox");
		form.put("action", action);
		form.put("responsetype", "json");
		for (int i = 0; i < fields.length; i += 2) {
			form.put(fields[i], fields[i + 1]);
		}
		return TestHttp.postForm(sandbox.apiUrl(), form);
	}

	private static JsonNode success(String action, String... fields) throws IOException {
		TestHttp.Response response = call(action, fields);
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("result").asString()).as(body.toString()).isEqualTo("success");
		return body;
	}

	private static String error(String action, String... fields) throws IOException {
		TestHttp.Response response = call(action, fields);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("result").asString()).isEqualTo("error");
		return response.json().get("message").asString();
	}

	private static String base64(String php) {
		return Base64.getEncoder().encodeToString(php.getBytes(StandardCharsets.UTF_8));
	}

	private static WhmcsService seedService(long id) {
		return sandbox.putService(WhmcsService.of(id, 7)
			.withDomain("acme.example")
			.withUsername("acme")
			.withCustomField(WhmcsProduct.SLUG_FIELD_ID, "acme-corp"));
	}

	@Test
	void rejectsBadCredentialsWith403() throws IOException {
		for (Map<String, String> form : List.of(
				Map.of("identifier", "sandbox", "secret", "wrong", "action", "GetClientsProducts", "responsetype",
						"json"),
				Map.of("identifier", "nobody", "secret", "sandbox", "action", "GetClientsProducts", "responsetype",
						"json"),
				Map.of("action", "GetClientsProducts", "responsetype", "json"))) {
			TestHttp.Response response = TestHttp.postForm(sandbox.apiUrl(), form);
			assertThat(response.status()).isEqualTo(403);
			assertThat(response.json().get("result").asString()).isEqualTo("error");
			assertThat(response.json().get("message").asString()).isEqualTo("Authentication Failed");
		}
	}

	@Test
	void credentialsAreConfigurable() throws IOException {
		try (WhmcsSandbox custom = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withCredentials("id-1", "s3cr3t"))) {
			Map<String, String> form = Map.of("identifier", "id-1", "secret", "s3cr3t", "action", "LogActivity",
					"description", "hello", "responsetype", "json");
			assertThat(TestHttp.postForm(custom.apiUrl(), form).status()).isEqualTo(200);
			custom.removeCredentials("id-1");
			assertThat(TestHttp.postForm(custom.apiUrl(), form).status()).isEqualTo(403);
			custom.addCredentials("id-1", "s3cr3t");
			assertThat(TestHttp.postForm(custom.apiUrl(), form).status()).isEqualTo(200);
		}
	}

	@Test
	void getClientsProductsHasWhmcsShape() throws IOException {
		seedService(42);

		JsonNode body = success("GetClientsProducts", "serviceid", "42");

		assertThat(body.get("totalresults").asInt()).isEqualTo(1);
		assertThat(body.get("numreturned").asInt()).isEqualTo(1);
		assertThat(body.get("startnumber").asInt()).isZero();
		JsonNode product = body.at("/products/product/0");
		assertThat(product.get("id").asLong()).isEqualTo(42);
		assertThat(product.get("clientid").asLong()).isEqualTo(7);
		assertThat(product.get("pid").asInt()).isEqualTo(1);
		assertThat(product.get("serverid").asInt()).isEqualTo(1);
		assertThat(product.get("name").asString()).isEqualTo("Easy Mail Archive");
		assertThat(product.get("domain").asString()).isEqualTo("acme.example");
		assertThat(product.get("username").asString()).isEqualTo("acme");
		assertThat(product.get("status").asString()).isEqualTo("Active");
		for (String field : List.of("diskusage", "disklimit", "bwusage", "bwlimit", "lastupdate", "notes")) {
			assertThat(product.has(field)).as(field).isTrue();
		}
		JsonNode fields = product.at("/customfields/customfield");
		assertThat(fields).extracting((f) -> f.get("id").asInt()).containsExactly(12, 13, 14, 15);
		assertThat(fields).extracting((f) -> f.get("name").asString())
			.containsExactly(SLUG_FIELD, "Archive URL", "Active users", "Licenses");
		assertThat(fields.get(0).get("value").asString()).isEqualTo("acme-corp");
		assertThat(fields.get(1).get("value").asString()).isEmpty();
	}

	@Test
	void getClientsProductsForAnUnknownServiceFindsNothing() throws IOException {
		JsonNode body = success("GetClientsProducts", "serviceid", "999");
		assertThat(body.get("totalresults").asInt()).isZero();
		assertThat(body.get("products").asString()).isEmpty();
		assertThat(sandbox.service(999)).isEmpty();
	}

	@Test
	void getClientsProductsFiltersByClient() throws IOException {
		seedService(1);
		seedService(2);
		sandbox.putService(WhmcsService.of(3, 8));

		JsonNode body = success("GetClientsProducts", "clientid", "7");
		assertThat(body.get("totalresults").asInt()).isEqualTo(2);
		assertThat(body.at("/products/product")).extracting((p) -> p.get("id").asLong()).containsExactly(1L, 2L);
		assertThat(success("GetClientsProducts", "clientid", "7", "limitnum", "1").get("numreturned").asInt())
			.isEqualTo(1);
	}

	@Test
	void emptyProductsShapeIsConfigurable() throws IOException {
		try (WhmcsSandbox custom = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withEmptyProductsAsString(false))) {
			JsonNode body = TestHttp
				.postForm(custom.apiUrl(),
						Map.of("identifier", "sandbox", "secret", "sandbox", "action", "GetClientsProducts",
								"serviceid", "5", "responsetype", "json"))
				.json();
			assertThat(body.at("/products/product").isArray()).isTrue();
			assertThat(body.at("/products/product").size()).isZero();
		}
	}

	@Test
	void updateClientProductAppliesFieldsAndCustomFields() throws IOException {
		seedService(42);
		Map<Integer, String> values = new LinkedHashMap<>();
		values.put(12, "acme-corp-2");
		values.put(13, "https://acme-corp-2.archive.example.test");
		values.put(14, "Müller – ünïcödé");

		JsonNode body = success("UpdateClientProduct", "serviceid", "42", "customfields",
				PhpSerialization.encodeCustomFields(values), "serviceusername", "acme-admin", "domain",
				"acme-2.example", "status", "suspended", "notes", "Archive tenant acme-corp-2", "diskusage", "2048",
				"disklimit", "10240", "bwusage", "0", "bwlimit", "0");

		assertThat(body.get("serviceid").asLong()).isEqualTo(42);
		WhmcsService service = sandbox.service(42).orElseThrow();
		assertThat(service.customFields()).containsAllEntriesOf(values);
		assertThat(service.username()).isEqualTo("acme-admin");
		assertThat(service.domain()).isEqualTo("acme-2.example");
		assertThat(service.status()).isEqualTo("Suspended");
		assertThat(service.notes()).isEqualTo("Archive tenant acme-corp-2");
		assertThat(service.diskUsage()).isEqualTo(2048);
		assertThat(service.diskLimit()).isEqualTo(10240);
		assertThat(service.lastUpdate()).isNotEqualTo(WhmcsService.NEVER_UPDATED)
			.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
		assertThat(sandbox.customField(42, SLUG_FIELD)).hasValue("acme-corp-2");
		assertThat(sandbox.customField(42, 14)).hasValue("Müller – ünïcödé");

		JsonNode product = success("GetClientsProducts", "serviceid", "42").at("/products/product/0");
		assertThat(product.at("/customfields/customfield/2/value").asString()).isEqualTo("Müller – ünïcödé");
		assertThat(product.get("diskusage").asLong()).isEqualTo(2048);
	}

	@Test
	void updateClientProductKeepsCustomFieldsItDoesNotMention() throws IOException {
		seedService(42);
		success("UpdateClientProduct", "serviceid", "42", "customfields",
				PhpSerialization.encodeCustomFields(Map.of(15, "12")));
		assertThat(sandbox.service(42).orElseThrow().customFields()).containsEntry(12, "acme-corp")
			.containsEntry(15, "12");
	}

	@Test
	void updateClientProductRejectsMalformedCustomFields() throws IOException {
		WhmcsService before = seedService(42);
		List<String> malformed = List.of("%%%not-base64%%%",
				// a character count, not a byte count
				base64("a:1:{i:12;s:6:\"Müller\";}"),
				// unterminated
				base64("a:1:{i:12;s:9:\"acme-corp\";"),
				// the wrong entry count
				base64("a:2:{i:12;s:9:\"acme-corp\";}"),
				// a field name instead of its id
				base64("a:1:{s:4:\"slug\";s:9:\"acme-corp\";}"), base64("acme-corp"),
				PhpSerialization.encodeCustomFields(Map.of(12, "acme")).replace('+', ' ') + " ");
		for (String value : malformed) {
			String message = error("UpdateClientProduct", "serviceid", "42", "customfields", value, "notes",
					"must not be applied");
			assertThat(message).as(value).startsWith("Invalid customfields value");
		}
		assertThat(sandbox.service(42)).hasValue(before);
	}

	@Test
	void updateClientProductIgnoresUnknownCustomFieldIdsSilentlyAsWhmcsDoes() throws IOException {
		seedService(42);
		success("UpdateClientProduct", "serviceid", "42", "customfields",
				PhpSerialization.encodeCustomFields(Map.of(12, "new-slug", 99, "x")));
		assertThat(sandbox.service(42).orElseThrow().customFields()).containsEntry(12, "new-slug")
			.doesNotContainKey(99);
	}

	@Test
	void updateClientProductRejectsBadFields() throws IOException {
		WhmcsService before = seedService(42);
		assertThat(error("UpdateClientProduct", "serviceid", "42", "status", "Sleeping")).contains("status");
		assertThat(error("UpdateClientProduct", "serviceid", "42", "diskusage", "1.5GB")).contains("diskusage");
		assertThat(error("UpdateClientProduct", "serviceid", "42", "bwlimit", "-1")).contains("bwlimit");
		assertThat(sandbox.service(42)).hasValue(before);
	}

	@Test
	void updateClientProductOfAnUnknownServiceFails() throws IOException {
		assertThat(error("UpdateClientProduct", "serviceid", "404", "notes", "x")).isEqualTo("Service ID Not Found");
		assertThat(error("UpdateClientProduct", "notes", "x")).isEqualTo("Service ID Not Found");
		assertThat(error("UpdateClientProduct", "serviceid", "abc")).isEqualTo("Service ID Not Found");
		assertThat(sandbox.services()).isEmpty();
	}

	@Test
	void autoCreateServicesCreatesUnknownServicesOnFirstUse() throws IOException {
		sandbox.autoCreateServices(true);

		JsonNode found = success("GetClientsProducts", "serviceid", "77");
		assertThat(found.get("totalresults").asInt()).isEqualTo(1);
		assertThat(found.at("/products/product/0/status").asString()).isEqualTo("Active");
		success("UpdateClientProduct", "serviceid", "78", "customfields",
				PhpSerialization.encodeCustomFields(Map.of(12, "newcomer")));

		assertThat(sandbox.service(77)).isPresent();
		assertThat(sandbox.customField(78, 12)).hasValue("newcomer");
		assertThat(sandbox.service(78).orElseThrow().pid()).isEqualTo(1);

		sandbox.reset();
		assertThat(sandbox.autoCreateServices()).isFalse();
		assertThat(error("UpdateClientProduct", "serviceid", "79", "notes", "x")).isEqualTo("Service ID Not Found");
	}

	@Test
	void autoCreateServicesIsAnOption() throws IOException {
		try (WhmcsSandbox auto = WhmcsSandbox.start(WhmcsSandboxOptions.defaults().withAutoCreateServices(true))) {
			JsonNode body = TestHttp
				.postForm(auto.apiUrl(),
						Map.of("identifier", "sandbox", "secret", "sandbox", "action", "UpdateClientProduct",
								"serviceid", "5", "notes", "hi", "responsetype", "json"))
				.json();
			assertThat(body.get("result").asString()).isEqualTo("success");
			assertThat(auto.service(5).orElseThrow().notes()).isEqualTo("hi");
		}
	}

	@Test
	void logActivityIsRecorded() throws IOException {
		success("LogActivity", "description", "Archive tenant acme-corp created", "clientid", "7");
		success("LogActivity", "description", "Usage synced");

		assertThat(sandbox.activityLog())
			.extracting(WhmcsActivity::description, WhmcsActivity::clientId, WhmcsActivity::user)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("Archive tenant acme-corp created", 7L, "sandbox"),
					org.assertj.core.groups.Tuple.tuple("Usage synced", null, "sandbox"));
		assertThat(error("LogActivity")).contains("Description");
		JsonNode activity = TestHttp.get(sandbox.baseUrl() + "/_sandbox/activity").json();
		assertThat(activity.at("/data/0/description").asString()).isEqualTo("Archive tenant acme-corp created");
	}

	@Test
	void ticketsCanBeOpenedAndAnswered() throws IOException {
		JsonNode opened = success("OpenTicket", "deptid", "1", "clientid", "7", "serviceid", "42", "subject",
				"Archive provisioning failed", "message", "Slug taken", "priority", "High");
		long id = opened.get("id").asLong();
		assertThat(opened.get("tid").asString()).matches("\\d{6}");
		assertThat(opened.get("c").asString()).hasSize(8);

		success("AddTicketReply", "ticketid", Long.toString(id), "message", "Retried", "adminusername", "ops");

		WhmcsTicket ticket = sandbox.ticket(id).orElseThrow();
		assertThat(ticket.subject()).isEqualTo("Archive provisioning failed");
		assertThat(ticket.serviceId()).isEqualTo(42L);
		assertThat(ticket.priority()).isEqualTo("High");
		assertThat(ticket.status()).isEqualTo("Answered");
		assertThat(ticket.replies()).extracting(WhmcsTicketReply::message).containsExactly("Retried");

		assertThat(error("AddTicketReply", "ticketid", "999", "message", "x")).isEqualTo("Ticket ID not found");
		assertThat(error("OpenTicket", "deptid", "1", "clientid", "7", "message", "m"))
			.isEqualTo("Subject is required");
		assertThat(error("OpenTicket", "deptid", "1", "subject", "s", "message", "m")).contains("client");
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/tickets").json().at("/data/0/subject").asString())
			.isEqualTo("Archive provisioning failed");
	}

	@Test
	void sendEmailRecordsTheTemplateWithItsVariablesForTheServicesClient() throws IOException {
		seedService(42);
		success("SendEmail", "messagename", "Easy Mail Archive Welcome", "id", "42", "customvars",
				PhpSerialization.encodeVariables(Map.of("archive_url", "https://acme.archive.example")));

		assertThat(sandbox.emails()).singleElement().satisfies((email) -> {
			assertThat(email.template()).isEqualTo("Easy Mail Archive Welcome");
			assertThat(email.relatedId()).isEqualTo(42L);
			assertThat(email.clientId()).isEqualTo(7L);
			assertThat(email.variables()).containsExactly(Map.entry("archive_url", "https://acme.archive.example"));
		});
		JsonNode emails = TestHttp.get(sandbox.baseUrl() + "/_sandbox/emails").json();
		assertThat(emails.at("/data/0/variables/archive_url").asString()).isEqualTo("https://acme.archive.example");
	}

	@Test
	void sendEmailRefusesWhatWhmcsRefusesAndRecordsNothing() throws IOException {
		seedService(42);
		assertThat(error("SendEmail", "id", "42")).startsWith("You must provide either an existing email template");
		assertThat(error("SendEmail", "messagename", "Welcome")).isEqualTo("A related ID is required");
		assertThat(error("SendEmail", "messagename", "Welcome", "id", "42", "customvars", base64("a:1:{i:1;")))
			.isEqualTo("The custom variables you provided are invalid.");
		assertThat(error("SendEmail", "messagename", "Welcome", "id", "999"))
			.isEqualTo("Sending Failed. Please see documentation.");
		assertThat(sandbox.emails()).isEmpty();
	}

	@Test
	void moduleCommandsChangeTheStatus() throws IOException {
		seedService(42);
		success("ModuleSuspend", "serviceid", "42");
		assertThat(sandbox.service(42).orElseThrow().status()).isEqualTo("Suspended");
		success("ModuleUnsuspend", "serviceid", "42");
		success("ModuleTerminate", "serviceid", "42");
		assertThat(sandbox.service(42).orElseThrow().status()).isEqualTo("Terminated");
		assertThat(sandbox.activityLog()).hasSize(3);
		assertThat(error("ModuleCreate", "serviceid", "1")).isEqualTo("Service ID Not Found");
	}

	@Test
	void unknownActionsAreNotFound() throws IOException {
		assertThat(error("DeleteEverything")).isEqualTo("Command Not Found");
		assertThat(error("")).isEqualTo("Command Not Found");
		assertThat(success("getclientsproducts", "serviceid", "1").get("totalresults").asInt()).isZero();
	}

	@Test
	void answersXmlUnlessJsonIsAsked() throws IOException {
		TestHttp.Response response = TestHttp.postForm(sandbox.apiUrl(),
				Map.of("identifier", "sandbox", "secret", "sandbox", "action", "GetClientsProducts"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).contains("xml"));
	}

	@Test
	void otherPathsAndMethodsAreRejected() throws IOException {
		assertThat(TestHttp.get(sandbox.apiUrl()).status()).isEqualTo(405);
		assertThat(TestHttp.postForm(sandbox.baseUrl() + "/admin/api.php", Map.of()).status()).isEqualTo(404);
		assertThat(TestHttp.postRawForm(sandbox.apiUrl(), "identifier=%zz").status()).isEqualTo(400);
	}

	@Test
	void logsRequestsWithActionAndIdentifierButNeverTheSecret() throws IOException {
		success("LogActivity", "description", "x");
		TestHttp.postForm(sandbox.apiUrl(), Map.of("identifier", "sandbox", "secret", "guess-me", "action",
				"GetClientsProducts", "responsetype", "json"));

		assertThat(sandbox.requests())
			.extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::action,
					RecordedRequest::status, RecordedRequest::keyId)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple("POST", "/includes/api.php", "LogActivity", 200, "sandbox"),
					org.assertj.core.groups.Tuple.tuple("POST", "/includes/api.php", "GetClientsProducts", 403,
							"sandbox"));
		TestHttp.Response log = TestHttp.get(sandbox.baseUrl() + "/_sandbox/requests?action=LogActivity");
		assertThat(log.json().get("total").asInt()).isEqualTo(1);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/requests").body()).doesNotContain("guess-me");
	}

	@Test
	void downAnswers503() throws IOException {
		sandbox.faults(Faults.none().withDown(true));
		TestHttp.Response response = call("LogActivity", "description", "x");
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.json().get("result").asString()).isEqualTo("error");
		assertThat(sandbox.activityLog()).isEmpty();
		assertThat(sandbox.requests()).singleElement().satisfies((r) -> {
			assertThat(r.fault()).isEqualTo("down");
			assertThat(r.action()).isEqualTo("LogActivity");
		});
	}

	@Test
	void errorRateAndDroppedConnections() throws IOException {
		seedService(42);
		sandbox.faults(Faults.none().withErrorRate(1.0, 500));
		assertThat(call("UpdateClientProduct", "serviceid", "42", "notes", "x").status()).isEqualTo(500);
		assertThat(sandbox.service(42).orElseThrow().notes()).isEmpty();

		sandbox.faults(Faults.none().withDropConnectionRate(1.0));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> call("UpdateClientProduct", "serviceid", "42", "notes", "x"));
		assertThat(sandbox.service(42).orElseThrow().notes()).isEmpty();

		sandbox.faults(Faults.none().withDropConnectionRate(1.0).withErrorAfterApply(true));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> call("UpdateClientProduct", "serviceid", "42", "notes", "applied"));
		assertThat(sandbox.service(42).orElseThrow().notes()).isEqualTo("applied");

		sandbox.faults(Faults.none().withRateLimitBurst(1));
		assertThat(call("LogActivity", "description", "x").headers().firstValue("Retry-After")).hasValue("1");
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/services").status()).isEqualTo(200);
	}

	@Test
	void faultsScopedToAnActionSpareTheOtherActions() throws IOException {
		seedService(42);
		sandbox.faults(Faults.none().withErrorRate(1.0, 500).withAction("logactivity"));

		assertThat(call("LogActivity", "description", "x").status()).isEqualTo(500);
		assertThat(success("GetClientsProducts", "serviceid", "42").get("totalresults").asInt()).isEqualTo(1);
		assertThat(sandbox.activityLog()).isEmpty();
		assertThat(sandbox.requests()).extracting(RecordedRequest::action, RecordedRequest::fault)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("LogActivity", "error"),
					org.assertj.core.groups.Tuple.tuple("GetClientsProducts", null));
	}

	@Test
	void faultsScopedToAPathHitOnlyRequestsOnThatPath() throws IOException {
		sandbox.faults(Faults.none().withDown(true).withPathContains("/includes/api.php"));
		assertThat(call("LogActivity", "description", "x").status()).isEqualTo(503);

		sandbox.faults(Faults.none().withDown(true).withPathContains("/admin/"));
		success("LogActivity", "description", "x");
		assertThat(sandbox.activityLog()).hasSize(1);

		JsonNode set = TestHttp
			.send("POST", sandbox.baseUrl() + "/_sandbox/faults", null,
					"{\"rateLimitBurst\":1,\"pathContains\":\"/includes/\",\"action\":\"OpenTicket\"}")
			.json();
		assertThat(set.get("pathContains").asString()).isEqualTo("/includes/");
		assertThat(set.get("action").asString()).isEqualTo("OpenTicket");
		success("LogActivity", "description", "y");
		assertThat(call("OpenTicket", "deptid", "1", "clientid", "7", "subject", "s", "message", "m").status())
			.isEqualTo(429);
		success("OpenTicket", "deptid", "1", "clientid", "7", "subject", "s", "message", "m");
	}

	@Test
	void servicesCanBeSeededOverHttp() throws IOException {
		String url = sandbox.baseUrl() + "/_sandbox/services/42";
		TestHttp.Response put = TestHttp.send("PUT", url, null, "{\"clientid\":7,\"domain\":\"acme.example\","
				+ "\"status\":\"Pending\",\"diskusage\":5,\"customfields\":{\"Archive slug\":\"acme\",\"13\":\"https://x\"}}");

		assertThat(put.status()).isEqualTo(200);
		WhmcsService service = sandbox.service(42).orElseThrow();
		assertThat(service.clientId()).isEqualTo(7);
		assertThat(service.status()).isEqualTo("Pending");
		assertThat(service.diskUsage()).isEqualTo(5);
		assertThat(service.customFields()).containsEntry(12, "acme").containsEntry(13, "https://x");

		JsonNode got = TestHttp.get(url).json();
		assertThat(got.get("serviceid").asLong()).isEqualTo(42);
		assertThat(got.at("/customfields/12/name").asString()).isEqualTo(SLUG_FIELD);
		assertThat(got.at("/customfields/12/value").asString()).isEqualTo("acme");

		TestHttp.send("PUT", url, null, "{\"notes\":\"merged\"}");
		assertThat(sandbox.service(42).orElseThrow().domain()).isEqualTo("acme.example");
		assertThat(sandbox.service(42).orElseThrow().notes()).isEqualTo("merged");

		assertThat(TestHttp.send("PUT", url, null, "{\"customfields\":{\"99\":\"x\"}}").status()).isEqualTo(422);
		assertThat(TestHttp.send("PUT", url, null, "{\"status\":\"Sleeping\"}").status()).isEqualTo(422);
		assertThat(TestHttp.send("PUT", url, null, "{\"pid\":5}").status()).isEqualTo(422);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/services").json().get("data").size()).isEqualTo(1);
		assertThat(TestHttp.send("DELETE", url, null, null).status()).isEqualTo(200);
		assertThat(TestHttp.get(url).status()).isEqualTo(404);
	}

	@Test
	void credentialsAndSettingsCanBeChangedOverHttp() throws IOException {
		String base = sandbox.baseUrl() + "/_sandbox/";
		TestHttp.send("POST", base + "credentials", null, "{\"identifier\":\"ops\",\"secret\":\"pw\"}");
		assertThat(TestHttp
			.postForm(sandbox.apiUrl(), Map.of("identifier", "ops", "secret", "pw", "action", "LogActivity",
					"description", "x", "responsetype", "json"))
			.status()).isEqualTo(200);
		TestHttp.send("DELETE", base + "credentials/ops", null, null);
		assertThat(TestHttp
			.postForm(sandbox.apiUrl(), Map.of("identifier", "ops", "secret", "pw", "action", "LogActivity",
					"description", "x", "responsetype", "json"))
			.status()).isEqualTo(403);

		assertThat(TestHttp.send("PUT", base + "settings", null, "{\"autoCreateServices\":true}")
			.json()
			.get("autoCreateServices")
			.asBoolean()).isTrue();
		assertThat(sandbox.autoCreateServices()).isTrue();
	}

	@Test
	void putServiceValidatesProductAndFields() {
		assertThatIllegalArgumentException().isThrownBy(() -> sandbox.putService(WhmcsService.of(1, 1).withPid(9)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> sandbox.putService(WhmcsService.of(1, 1).withCustomField(99, "x")));
		assertThatIllegalArgumentException().isThrownBy(() -> WhmcsService.of(1, 1).withStatus("Sleeping"));
	}

	@Test
	void productsAreConfigurable() throws IOException {
		WhmcsProduct custom = new WhmcsProduct(5, "Archive Pro", "Archiving", Map.of(101, "Tenant slug"));
		try (WhmcsSandbox other = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withProducts(List.of(custom), 5).withAutoCreateServices(true))) {
			JsonNode body = TestHttp.postForm(other.apiUrl(),
					Map.of("identifier", "sandbox", "secret", "sandbox", "action", "UpdateClientProduct", "serviceid",
							"3", "responsetype", "json", "customfields",
							PhpSerialization.encodeCustomFields(Map.of(101, "acme"))))
				.json();
			assertThat(body.get("result").asString()).isEqualTo("success");
			assertThat(other.customField(3, "Tenant slug")).hasValue("acme");
		}
	}

}
