package io.emabridge.model.whmcs;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.model.http.BlockingHttp;

/**
 * Client of the WHMCS HTTP API: {@code POST {url}/includes/api.php}, form-encoded, with
 * {@code identifier}, {@code secret}, {@code action}, {@code responsetype=json} and, when
 * configured, the installation's {@code accesskey}. Thread-safe. Numbers in answers may
 * be JSON strings ({@code "id":"1"}, {@code "totalresults":"2"}), as WHMCS sends them;
 * every reader here takes both.
 * <p>
 * WHMCS answers 200 for failed actions too, with {@code "result":"error"}; this client
 * turns those, and every other failure, into a {@link WhmcsApiException} that says
 * whether retrying can help.
 */
public final class WhmcsApiClient {

	public static final String API_PATH = "/includes/api.php";

	private static final int MAX_MESSAGE = 300;

	/** Words in an error message that mark a failure as temporary. */
	private static final List<String> TEMPORARY = List.of("try again", "temporar", "timeout", "timed out", "too many",
			"deadlock", "unavailable");

	private final WhmcsApiSettings settings;

	private final URI apiUri;

	private final BlockingHttp http;

	private final JsonMapper json;

	public WhmcsApiClient(WhmcsApiSettings settings) {
		this.settings = settings;
		String base = settings.url().toString();
		if (base.endsWith(API_PATH)) {
			base = base.substring(0, base.length() - API_PATH.length());
		}
		this.apiUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + API_PATH);
		this.http = new BlockingHttp(settings.connectTimeout(), settings.requestTimeout());
		this.json = JsonMapper.builder().build();
	}

	public WhmcsApiSettings settings() {
		return this.settings;
	}

	/** The service with this id, or empty when WHMCS has none. */
	public Optional<ClientProduct> getClientsProducts(long serviceId) {
		return productNode(serviceId).map(WhmcsApiClient::product);
	}

	/**
	 * The admin notes of the service ({@code ""} when it has none), or empty when WHMCS
	 * has no such service.
	 */
	public Optional<String> serviceNotes(long serviceId) {
		return productNode(serviceId).map((product) -> product.path("notes").asString(""));
	}

	private Optional<JsonNode> productNode(long serviceId) {
		JsonNode body = call("GetClientsProducts", Map.of("serviceid", Long.toString(serviceId)));
		JsonNode products = body.path("products").path("product");
		if (!products.isArray()) {
			return Optional.empty();
		}
		for (JsonNode product : products) {
			if (number(product.path("id"), -1) == serviceId) {
				return Optional.of(product);
			}
		}
		return Optional.empty();
	}

	/**
	 * Changes fields of a service.
	 * @param fields plain fields by their API name ({@code serviceusername},
	 * {@code domain}, {@code diskusage}, ...)
	 * @param customFields custom field values by field id; sent base64 of PHP-serialized,
	 * as WHMCS expects
	 */
	public void updateClientProduct(long serviceId, Map<String, String> fields, Map<Integer, String> customFields) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("serviceid", Long.toString(serviceId));
		form.putAll(fields);
		if (customFields != null && !customFields.isEmpty()) {
			form.put("customfields", PhpSerialization.encodeCustomFields(customFields));
		}
		call("UpdateClientProduct", form);
	}

	/**
	 * Writes a line into the admin activity log, for a client when {@code clientId} is
	 * not null.
	 */
	public void logActivity(String description, Long clientId) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("description", description);
		if (clientId != null) {
			form.put("clientid", Long.toString(clientId));
		}
		call("LogActivity", form);
	}

	/**
	 * Sends a client e-mail template ({@code SendEmail}); for a product template
	 * {@code relatedId} is the service id.
	 * @param variables custom variables the template can use as <code>{$name}</code>;
	 * sent base64 of PHP-serialized ({@code customvars})
	 */
	public void sendEmail(String template, long relatedId, Map<String, String> variables) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("messagename", template);
		form.put("id", Long.toString(relatedId));
		if (variables != null && !variables.isEmpty()) {
			form.put("customvars", PhpSerialization.encodeVariables(variables));
		}
		call("SendEmail", form);
	}

	/**
	 * Opens a support ticket ({@code OpenTicket}).
	 * @return the ticket's id (for {@code AddTicketReply}) and its public number
	 */
	public OpenedTicket openTicket(NewTicket ticket) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("deptid", Integer.toString(ticket.departmentId()));
		form.put("subject", ticket.subject());
		form.put("message", ticket.message());
		if (ticket.clientId() != null) {
			form.put("clientid", Long.toString(ticket.clientId()));
		}
		else {
			form.put("name", ticket.name());
			form.put("email", ticket.email());
		}
		if (ticket.serviceId() != null) {
			form.put("serviceid", Long.toString(ticket.serviceId()));
		}
		form.put("priority", ticket.priority());
		form.put("markdown", Boolean.toString(ticket.markdown()));
		form.put("noemail", Boolean.toString(ticket.noEmail()));
		JsonNode body = call("OpenTicket", form);
		long id = number(body.path("id"), -1);
		if (id < 1) {
			throw new WhmcsApiException("OpenTicket", 200, false, "WHMCS OpenTicket answered without a ticket id",
					null);
		}
		return new OpenedTicket(id, body.path("tid").asString(Long.toString(id)));
	}

	/**
	 * Tickets whose subject contains {@code subject} ({@code GetTickets}), newest reply
	 * first, at most 25; optionally only those of one department. Departments assigned to
	 * the API credential's admin are not a filter ({@code ignore_dept_assignments}).
	 */
	public List<OpenedTicket> findTickets(String subject, Integer departmentId) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("subject", subject);
		if (departmentId != null) {
			form.put("deptid", Integer.toString(departmentId));
		}
		form.put("ignore_dept_assignments", "true");
		form.put("limitnum", "25");
		JsonNode body = call("GetTickets", form);
		List<OpenedTicket> tickets = new ArrayList<>();
		// WHMCS leaves "tickets" out when nothing matches
		JsonNode list = body.path("tickets").path("ticket");
		if (list.isArray()) {
			for (JsonNode ticket : list) {
				long id = number(ticket.path("id"), -1);
				String title = ticket.path("subject").asString(ticket.path("title").asString(""));
				if (id > 0 && title.contains(subject)) {
					tickets.add(new OpenedTicket(id, ticket.path("tid").asString(Long.toString(id))));
				}
			}
		}
		return tickets;
	}

	/** Adds a reply to a ticket ({@code AddTicketReply}). */
	public void addTicketReply(TicketReply reply) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("ticketid", Long.toString(reply.ticketId()));
		form.put("message", reply.message());
		if (reply.adminUsername() != null) {
			form.put("adminusername", reply.adminUsername());
		}
		if (reply.status() != null) {
			form.put("status", reply.status());
		}
		form.put("markdown", Boolean.toString(reply.markdown()));
		form.put("noemail", Boolean.toString(reply.noEmail()));
		call("AddTicketReply", form);
	}

	private JsonNode call(String action, Map<String, String> fields) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("identifier", this.settings.identifier());
		form.put("secret", this.settings.secret());
		if (this.settings.accessKey() != null) {
			form.put("accesskey", this.settings.accessKey());
		}
		form.put("action", action);
		form.put("responsetype", "json");
		form.putAll(fields);
		BlockingHttp.Response response;
		try {
			response = this.http.send("POST", this.apiUri, encode(form).getBytes(StandardCharsets.UTF_8),
					"application/x-www-form-urlencoded", "Accept", "application/json");
		}
		catch (HttpTimeoutException ex) {
			throw new WhmcsApiException(action, WhmcsApiException.NO_STATUS, true,
					"WHMCS " + action + " timed out: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new WhmcsApiException(action, WhmcsApiException.NO_STATUS, true,
					"WHMCS " + action + " failed without an answer: " + ex, ex);
		}
		int status = response.status();
		JsonNode body = parse(response.body());
		String message = (body != null) ? body.path("message").asString("") : "";
		if (status < 200 || status >= 300) {
			boolean retriable = status >= 500 || status == 429 || status == 408;
			throw new WhmcsApiException(action, status, retriable,
					"WHMCS " + action + " failed with HTTP " + status + (message.isEmpty() ? "" : ": " + cut(message)),
					null);
		}
		if (body == null || !body.isObject()) {
			throw new WhmcsApiException(action, status, false,
					"WHMCS " + action + " answered without a JSON object (is responsetype=json honoured?)", null);
		}
		if (!"success".equalsIgnoreCase(body.path("result").asString(""))) {
			throw new WhmcsApiException(action, status, isTemporary(message), true,
					"WHMCS " + action + " failed: " + (message.isEmpty() ? "no message" : cut(message)), null);
		}
		return body;
	}

	private static ClientProduct product(JsonNode node) {
		List<ClientProduct.CustomField> fields = new ArrayList<>();
		JsonNode custom = node.path("customfields").path("customfield");
		if (custom.isArray()) {
			for (JsonNode field : custom) {
				fields.add(new ClientProduct.CustomField((int) number(field.path("id"), 0),
						field.path("name").asString(""), field.path("value").asString("")));
			}
		}
		return new ClientProduct(number(node.path("id"), 0), number(node.path("clientid"), 0),
				number(node.path("pid"), 0), node.path("domain").asString(""), node.path("username").asString(""),
				node.path("status").asString(""), fields);
	}

	/**
	 * A whole number WHMCS sent as a JSON number or, as it usually does, as a string
	 * ({@code "id":"1"}); {@code fallback} when absent or not a whole number.
	 */
	static long number(JsonNode node, long fallback) {
		if (node.isIntegralNumber()) {
			return node.asLong();
		}
		if (node.isString()) {
			String text = node.asString().trim();
			if (text.matches("[+-]?\\d{1,18}")) {
				return Long.parseLong(text);
			}
		}
		return fallback;
	}

	private JsonNode parse(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static boolean isTemporary(String message) {
		String lower = message.toLowerCase(Locale.ROOT);
		return TEMPORARY.stream().anyMatch(lower::contains);
	}

	private static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static String cut(String message) {
		return (message.length() <= MAX_MESSAGE) ? message : message.substring(0, MAX_MESSAGE) + "...";
	}

	// ---- reading every service, and module commands: used by the drift reconciler ----

	/**
	 * One page of services, in WHMCS's order.
	 * @param productId only services of this product, or every service when {@code null}
	 * @param start how many services to skip ({@code limitstart})
	 * @param limit how many to return at most ({@code limitnum})
	 */
	public ClientProductPage listClientsProducts(Long productId, int start, int limit) {
		if (start < 0 || limit < 1) {
			throw new IllegalArgumentException("start must be >= 0 and limit >= 1, got " + start + " and " + limit);
		}
		Map<String, String> form = new LinkedHashMap<>();
		if (productId != null) {
			form.put("pid", Long.toString(productId));
		}
		form.put("limitstart", Integer.toString(start));
		form.put("limitnum", Integer.toString(limit));
		JsonNode body = call("GetClientsProducts", form);
		List<ClientProduct> products = new ArrayList<>();
		// WHMCS answers "products": "" rather than an empty list when nothing matches
		JsonNode list = body.path("products").path("product");
		if (list.isArray()) {
			list.forEach((product) -> products.add(product(product)));
		}
		return new ClientProductPage(products, start, number(body.path("totalresults"), start + products.size()));
	}

	/**
	 * The products assigned to a provisioning module ({@code GetProducts} with
	 * {@code module}). WHMCS lists only the custom fields shown on the order form; an
	 * Admin Only field is listed by {@code GetClientsProducts} for a service of the
	 * product.
	 */
	public List<Product> getProducts(String module) {
		JsonNode body = call("GetProducts", Map.of("module", module));
		List<Product> products = new ArrayList<>();
		JsonNode list = body.path("products").path("product");
		if (list.isArray()) {
			for (JsonNode product : list) {
				List<ClientProduct.CustomField> fields = new ArrayList<>();
				JsonNode custom = product.path("customfields").path("customfield");
				if (custom.isArray()) {
					custom
						.forEach((field) -> fields.add(new ClientProduct.CustomField((int) number(field.path("id"), 0),
								field.path("name").asString(""), "")));
				}
				products.add(new Product(number(product.path("pid"), 0), product.path("name").asString(""),
						product.path("module").asString(""), fields));
			}
		}
		return products;
	}

	/**
	 * Makes WHMCS run the module's Create for a service, as the admin's Create button
	 * does: the module then publishes the create event through the gateway like any
	 * other.
	 */
	public void moduleCreate(long serviceId) {
		call("ModuleCreate", Map.of("serviceid", Long.toString(serviceId)));
	}

	/**
	 * A product as {@code GetProducts} lists it.
	 *
	 * @param customFields only those shown on the order form (values empty)
	 */
	public record Product(long pid, String name, String module, List<ClientProduct.CustomField> customFields) {
	}

	/**
	 * A ticket to open.
	 *
	 * @param clientId the client it is opened for; {@code null} to open it under
	 * {@code name} and {@code email} instead, which the client never sees
	 * @param serviceId the service it is about, or {@code null}
	 * @param priority {@code Low}, {@code Medium} or {@code High}
	 * @param markdown whether the message is Markdown
	 * @param noEmail whether WHMCS should not mail the opener a confirmation
	 */
	public record NewTicket(int departmentId, String subject, String message, Long clientId, String name, String email,
			Long serviceId, String priority, boolean markdown, boolean noEmail) {
	}

	/**
	 * A ticket WHMCS opened: {@code id} for the API, {@code number} ({@code tid}) for
	 * people.
	 */
	public record OpenedTicket(long id, String number) {
	}

	/**
	 * A reply to add.
	 *
	 * @param adminUsername the staff name it is shown under; {@code null} for none
	 * @param status the ticket's status after it ({@code Closed}, ...); {@code null} for
	 * WHMCS's default
	 */
	public record TicketReply(long ticketId, String message, String adminUsername, String status, boolean markdown,
			boolean noEmail) {
	}

}
