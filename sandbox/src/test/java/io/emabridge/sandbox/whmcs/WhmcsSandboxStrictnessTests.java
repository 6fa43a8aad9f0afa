package io.emabridge.sandbox.whmcs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox is as strict as WHMCS: the caller's address or the access key, the API
 * role, numbers as strings, module commands only for services of a module, ticket
 * statuses and departments checked.
 */
class WhmcsSandboxStrictnessTests {

	private static TestHttp.Response call(WhmcsSandbox sandbox, String accessKey, String action, String... fields)
			throws IOException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("identifier", "sandbox");
		form.put("secret", "sandbox");
		form.put("accesskey", accessKey);
		form.put("action", action);
		form.put("responsetype", "json");
		for (int i = 0; i < fields.length; i += 2) {
			form.put(fields[i], fields[i + 1]);
		}
		return TestHttp.postForm(sandbox.apiUrl(), form);
	}

	private static JsonNode success(WhmcsSandbox sandbox, String action, String... fields) throws IOException {
		TestHttp.Response response = call(sandbox, WhmcsSandboxOptions.DEFAULT_ACCESS_KEY, action, fields);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("result").asString()).as(response.json().toString()).isEqualTo("success");
		return response.json();
	}

	private static String error(WhmcsSandbox sandbox, String action, String... fields) throws IOException {
		TestHttp.Response response = call(sandbox, WhmcsSandboxOptions.DEFAULT_ACCESS_KEY, action, fields);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("result").asString()).isEqualTo("error");
		return response.json().get("message").asString();
	}

	@Test
	void aCallWithoutTheAccessKeyFromAnAddressNotAllowListedIsRefusedAsWhmcsDoes() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox.start()) {
			for (String key : List.of("", "a-wrong-key")) {
				TestHttp.Response refused = call(sandbox, key, "GetClientsProducts");
				assertThat(refused.status()).as(key).isEqualTo(403);
				assertThat(refused.json().get("result").asString()).isEqualTo("error");
				assertThat(refused.json().get("message").asString()).isEqualTo("Invalid IP 127.0.0.1");
			}
			assertThat(call(sandbox, WhmcsSandboxOptions.DEFAULT_ACCESS_KEY, "GetClientsProducts").status())
				.isEqualTo(200);
		}
	}

	@Test
	void anAllowListedAddressNeedsNoAccessKeyAndWithoutAKeyOnlyAllowListedAddressesGetIn() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withAccessKey(null).withAllowedIps(Set.of("127.0.0.1")))) {
			assertThat(call(sandbox, "", "GetClientsProducts").status()).isEqualTo(200);
		}
		try (WhmcsSandbox sandbox = WhmcsSandbox.start(WhmcsSandboxOptions.defaults().withAccessKey(null))) {
			TestHttp.Response refused = call(sandbox, WhmcsSandboxOptions.DEFAULT_ACCESS_KEY, "GetClientsProducts");
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.json().get("message").asString()).isEqualTo("Invalid IP 127.0.0.1");
		}
	}

	@Test
	void anActionOutsideTheApiRoleIsRefusedWithWhmcsPermissionError() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withApiRole(Set.of("GetClientsProducts")))) {
			assertThat(call(sandbox, WhmcsSandboxOptions.DEFAULT_ACCESS_KEY, "getclientsproducts").status())
				.isEqualTo(200);
			TestHttp.Response refused = call(sandbox, WhmcsSandboxOptions.DEFAULT_ACCESS_KEY, "LogActivity",
					"description", "x");
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.json().get("message").asString())
				.isEqualTo("Invalid Permissions: API action \"logactivity\" is not allowed");
			assertThat(sandbox.activityLog()).isEmpty();
		}
	}

	@Test
	void numbersComeBackAsStringsAsWhmcsSendsThem() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox.start()) {
			sandbox.putService(WhmcsService.of(42, 7).withCustomField(WhmcsProduct.SLUG_FIELD_ID, "acme"));
			JsonNode list = success(sandbox, "GetClientsProducts", "serviceid", "42");
			assertThat(list.get("totalresults").isString()).isTrue();
			assertThat(list.get("totalresults").asString()).isEqualTo("1");
			assertThat(list.get("numreturned").isNumber()).isTrue();
			JsonNode product = list.get("products").get("product").get(0);
			assertThat(product.get("id").asString()).isEqualTo("42");
			assertThat(product.get("clientid").isString()).isTrue();
			assertThat(product.get("diskusage").isString()).isTrue();
			assertThat(product.get("customfields").get("customfield").get(0).get("id").asString()).isEqualTo("12");
			JsonNode opened = success(sandbox, "OpenTicket", "deptid", "1", "clientid", "7", "subject", "s", "message",
					"m");
			assertThat(opened.get("id").isString()).isTrue();
		}
		try (WhmcsSandbox sandbox = WhmcsSandbox.start(WhmcsSandboxOptions.defaults().withNumbersAsStrings(false))) {
			assertThat(success(sandbox, "GetClientsProducts").get("totalresults").isNumber()).isTrue();
		}
	}

	@Test
	void moduleCommandsFailForAServiceOfAProductOfAnotherModule() throws IOException {
		WhmcsProduct other = new WhmcsProduct(2, "Web Hosting", "Hosting", Map.of(20, "Notes"), "cpanel");
		try (WhmcsSandbox sandbox = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withProducts(List.of(WhmcsProduct.easyMailArchive(), other), 1))) {
			sandbox.putService(WhmcsService.of(5, 1).withPid(2).withStatus("Pending"));
			sandbox.putService(WhmcsService.of(6, 1).withStatus("Pending"));
			assertThat(error(sandbox, "ModuleCreate", "serviceid", "5")).isEqualTo("Service not assigned to a module");
			assertThat(sandbox.service(5).orElseThrow().status()).isEqualTo("Pending");
			success(sandbox, "ModuleCreate", "serviceid", "6");
			assertThat(sandbox.service(6).orElseThrow().status()).isEqualTo("Active");
		}
	}

	@Test
	void getProductsFiltersByModuleAndListsNoAdminOnlyField() throws IOException {
		WhmcsProduct other = new WhmcsProduct(2, "Web Hosting", "Hosting", Map.of(20, "Notes"), "cpanel");
		try (WhmcsSandbox sandbox = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withProducts(List.of(WhmcsProduct.easyMailArchive(), other), 1))) {
			JsonNode ours = success(sandbox, "GetProducts", "module", "easymailarchive");
			assertThat(ours.get("totalresults").asString()).isEqualTo("1");
			JsonNode product = ours.get("products").get("product").get(0);
			assertThat(product.get("pid").asString()).isEqualTo("1");
			assertThat(product.get("module").asString()).isEqualTo("easymailarchive");
			assertThat(product.get("customfields").get("customfield")).isEmpty();
			assertThat(success(sandbox, "GetProducts").get("totalresults").asString()).isEqualTo("2");
			assertThat(success(sandbox, "GetProducts", "pid", "2").get("products")
				.get("product")
				.get(0)
				.get("module")
				.asString()).isEqualTo("cpanel");
		}
	}

	@Test
	void addTicketReplyValidatesAndAppliesTheStatus() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox.start()) {
			String id = success(sandbox, "OpenTicket", "deptid", "2", "clientid", "7", "subject", "s", "message", "m")
				.get("id")
				.asString();
			assertThat(error(sandbox, "AddTicketReply", "ticketid", id, "message", "x", "status", "Finished"))
				.isEqualTo("Invalid Ticket Status");
			assertThat(sandbox.ticket(Long.parseLong(id)).orElseThrow().replies()).isEmpty();
			success(sandbox, "AddTicketReply", "ticketid", id, "message", "Solved", "adminusername", "Bridge", "status",
					"closed");
			WhmcsTicket ticket = sandbox.ticket(Long.parseLong(id)).orElseThrow();
			assertThat(ticket.status()).isEqualTo("Closed");
			assertThat(ticket.replies()).hasSize(1);
		}
	}

	@Test
	void openTicketRejectsAnUnknownDepartment() throws IOException {
		try (WhmcsSandbox sandbox = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withDepartments(Map.of(4, "Ops")))) {
			assertThat(error(sandbox, "OpenTicket", "deptid", "1", "clientid", "7", "subject", "s", "message", "m"))
				.isEqualTo("Department ID not found");
			assertThat(sandbox.tickets()).isEmpty();
			success(sandbox, "OpenTicket", "deptid", "4", "clientid", "7", "subject", "s", "message", "m");
		}
	}

}
