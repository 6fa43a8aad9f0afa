package io.emabridge.model.whmcs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.StubServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WhmcsApiClientTests {

	private StubServer server;

	private WhmcsApiClient client;

	@BeforeEach
	void start() throws Exception {
		this.server = new StubServer();
		this.client = new WhmcsApiClient(WhmcsApiSettings.of(this.server.baseUrl(), "ident", "s3cret-value"));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void postsAFormWithCredentialsActionAndJsonResponseType() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"success\"}"));
		this.client.logActivity("Tenant acme provisioned", 42L);
		StubServer.Seen request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/includes/api.php");
		assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
		assertThat(form(request)).containsEntry("identifier", "ident")
			.containsEntry("secret", "s3cret-value")
			.containsEntry("action", "LogActivity")
			.containsEntry("responsetype", "json")
			.containsEntry("description", "Tenant acme provisioned")
			.containsEntry("clientid", "42");
	}

	@Test
	void sendsCustomFieldsAsBase64OfPhpSerialized() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"success\",\"serviceid\":7}"));
		this.client.updateClientProduct(7, Map.of("serviceusername", "acme"), Map.of(12, "acme"));
		Map<String, String> form = form(this.server.requests().get(0));
		assertThat(form).containsEntry("serviceid", "7").containsEntry("serviceusername", "acme");
		assertThat(PhpSerialization.decodeCustomFields(form.get("customfields")))
			.containsExactly(Map.entry(12, "acme"));
	}

	@Test
	void readsAServiceWithItsCustomFields() {
		this.server.answer((r) -> StubServer.Answer.json(200, """
				{"result":"success","totalresults":1,"products":{"product":[{"id":7,"clientid":3,"pid":1,
				 "domain":"acme.test","username":"acme","status":"Active",
				 "customfields":{"customfield":[{"id":12,"name":"Archive slug","value":"acme"}]}}]}}"""));
		ClientProduct product = this.client.getClientsProducts(7).orElseThrow();
		assertThat(product.clientId()).isEqualTo(3);
		assertThat(product.customField(12)).contains("acme");
		assertThat(product.customField("archive SLUG")).contains("acme");
	}

	@Test
	void opensATicketUnderANameAndEmailWhenNoClientIsGiven() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"result\":\"success\",\"id\":31,\"tid\":\"482913\",\"c\":\"k\"}"));
		WhmcsApiClient.OpenedTicket ticket = this.client.openTicket(new WhmcsApiClient.NewTicket(4, "Subject",
				"**Body**", null, "Ops", "ops@example.test", 7L, "High", true, true));
		assertThat(ticket).isEqualTo(new WhmcsApiClient.OpenedTicket(31, "482913"));
		assertThat(form(this.server.requests().get(0))).containsEntry("action", "OpenTicket")
			.containsEntry("deptid", "4")
			.containsEntry("subject", "Subject")
			.containsEntry("message", "**Body**")
			.containsEntry("name", "Ops")
			.containsEntry("email", "ops@example.test")
			.containsEntry("serviceid", "7")
			.containsEntry("priority", "High")
			.containsEntry("markdown", "true")
			.containsEntry("noemail", "true")
			.doesNotContainKey("clientid");
	}

	@Test
	void refusesAnOpenedTicketWithoutAnId() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"success\"}"));
		assertThatExceptionOfType(WhmcsApiException.class)
			.isThrownBy(() -> this.client
				.openTicket(new WhmcsApiClient.NewTicket(4, "S", "M", 3L, null, null, null, "Low", false, true)))
			.withMessageContaining("without a ticket id");
	}

	@Test
	void repliesToATicketAsStaffAndSetsItsStatus() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"success\"}"));
		this.client.addTicketReply(new WhmcsApiClient.TicketReply(31, "Recovered", "Bridge", "Closed", true, true));
		assertThat(form(this.server.requests().get(0))).containsEntry("action", "AddTicketReply")
			.containsEntry("ticketid", "31")
			.containsEntry("message", "Recovered")
			.containsEntry("adminusername", "Bridge")
			.containsEntry("status", "Closed")
			.containsEntry("noemail", "true");
	}

	@Test
	void readsTheNotesOfAService() {
		this.server.answer((r) -> StubServer.Answer.json(200, """
				{"result":"success","totalresults":1,"products":{"product":[{"id":7,"clientid":3,"pid":1,
				 "notes":"line one\\nline two"}]}}"""));
		assertThat(this.client.serviceNotes(7)).contains("line one\nline two");
	}

	@Test
	void findsNothingWhenWhmcsAnswersAnEmptyProductList() {
		this.server.answer(
				(r) -> StubServer.Answer.json(200, "{\"result\":\"success\",\"totalresults\":0,\"products\":\"\"}"));
		assertThat(this.client.getClientsProducts(7)).isEmpty();
	}

	@Test
	void treatsResultErrorAsPermanentUnlessItSaysOtherwise() {
		this.server
			.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"error\",\"message\":\"Service ID Not Found\"}"));
		assertThatExceptionOfType(WhmcsApiException.class)
			.isThrownBy(() -> this.client.updateClientProduct(7, Map.of(), Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.getMessage()).contains("Service ID Not Found");
			});
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"result\":\"error\",\"message\":\"Database busy, please try again\"}"));
		assertThatExceptionOfType(WhmcsApiException.class)
			.isThrownBy(() -> this.client.updateClientProduct(7, Map.of(), Map.of()))
			.satisfies((ex) -> assertThat(ex.isRetriable()).isTrue());
	}

	@Test
	void treatsBadCredentialsAsPermanentWithoutNamingTheSecret() {
		this.server
			.answer((r) -> StubServer.Answer.json(403, "{\"result\":\"error\",\"message\":\"Authentication Failed\"}"));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.isAuthenticationFailure()).isTrue();
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.getMessage()).doesNotContain("s3cret-value");
			});
		assertThat(this.client.settings().toString()).doesNotContain("s3cret-value");
	}

	@Test
	void treatsServerErrorsAndDroppedConnectionsAsRetriable() {
		this.server
			.answer((r) -> StubServer.Answer.json(503, "{\"result\":\"error\",\"message\":\"Service Unavailable\"}"));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
			.satisfies((ex) -> assertThat(ex.isRetriable()).isTrue());
		this.server.answer((r) -> null);
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
			.satisfies((ex) -> assertThat(ex.isRetriable()).isTrue());
	}

	private static Map<String, String> form(StubServer.Seen request) {
		return Arrays.stream(request.body().split("&"))
			.map((pair) -> pair.split("=", 2))
			.collect(Collectors.toMap((kv) -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
					(kv) -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
	}

}
