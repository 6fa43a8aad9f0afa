package io.emabridge.sandbox.whmcs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.support.ApiRequest;
import io.emabridge.sandbox.support.Json;
import io.emabridge.sandbox.support.Reply;
import io.emabridge.sandbox.support.SandboxServer;

/**
 * A stateful stand-in for the WHMCS HTTP API ({@code POST /includes/api.php},
 * form-encoded, {@code identifier}, {@code secret}, {@code action},
 * {@code responsetype=json}), with fault injection and a request log (see
 * {@link SandboxServer}). Actions: {@code GetClientsProducts},
 * {@code UpdateClientProduct}, {@code LogActivity}, {@code OpenTicket},
 * {@code AddTicketReply}, {@code GetTickets}, {@code SendEmail} (recorded, not sent),
 * {@code ModuleCreate|Suspend|Unsuspend|Terminate}. Control endpoints of its own:
 * <ul>
 * <li>{@code GET /_sandbox/services}; {@code GET|PUT|DELETE /_sandbox/services/{id}}</li>
 * <li>{@code GET /_sandbox/activity}, {@code GET /_sandbox/tickets},
 * {@code GET /_sandbox/emails}</li>
 * <li>{@code POST /_sandbox/credentials} {@code {"identifier","secret"}}, {@code DELETE
 * /_sandbox/credentials/{identifier}}</li>
 * <li>{@code GET|PUT /_sandbox/settings} {@code {"autoCreateServices": true}}</li>
 * </ul>
 * <p>
 * Module commands run our server module when the options name its gateway
 * ({@link WhmcsSandboxOptions#withModuleGateway}): the module's lifecycle event is
 * posted, signed, to the gateway, and only its acknowledgement changes the service's
 * status; a gateway that refuses or cannot be reached is the module's error, which the
 * API answers as WHMCS does ({@code {"result":"error","message":"<the module's
 * message>"}}, status unchanged, "Module Create Failed - Service ID: n - Error: ..." in
 * the activity log). Without it a module command only changes the status.
 * <p>
 * With a state file ({@link WhmcsSandboxOptions#withStateFile}), services, activity log,
 * tickets and e-mails are kept in it; credentials never are (they always come from the
 * options).
 */
public final class WhmcsSandbox extends SandboxServer {

	/** Path of the API endpoint. */
	public static final String API_PATH = "/includes/api.php";

	private final WhmcsSandboxOptions options;

	private final WhmcsState state;

	private final WhmcsApi api;

	private WhmcsSandbox(WhmcsSandboxOptions options) {
		super("WHMCS", options.server());
		this.options = options;
		this.state = new WhmcsState(options, this::stateChanged);
		this.api = new WhmcsApi(this.state, options, clock(), random());
	}

	/**
	 * Starts a sandbox with {@link WhmcsSandboxOptions#defaults()} (free port,
	 * {@code sandbox}/{@code sandbox}).
	 */
	public static WhmcsSandbox start() {
		return start(WhmcsSandboxOptions.defaults());
	}

	public static WhmcsSandbox start(WhmcsSandboxOptions options) {
		WhmcsSandbox sandbox = new WhmcsSandbox(options);
		sandbox.startServing();
		return sandbox;
	}

	public WhmcsSandboxOptions options() {
		return this.options;
	}

	/** {@code baseUrl() + "/includes/api.php"}. */
	public String apiUrl() {
		return baseUrl() + API_PATH;
	}

	// ---- state for tests
	// --------------------------------------------------------------------------------------

	/**
	 * Creates or replaces a service.
	 * @throws IllegalArgumentException when its product is unknown or a custom field id
	 * is not one of the product's
	 */
	public WhmcsService putService(WhmcsService service) {
		return this.state.put(service);
	}

	public Optional<WhmcsService> service(long serviceId) {
		return this.state.service(serviceId);
	}

	/** Every service, by id. */
	public List<WhmcsService> services() {
		return this.state.services();
	}

	public boolean removeService(long serviceId) {
		return this.state.remove(serviceId);
	}

	/**
	 * The value of a custom field of a service ("" when unset); empty when the service
	 * does not exist.
	 */
	public Optional<String> customField(long serviceId, int fieldId) {
		return this.state.service(serviceId).map((service) -> service.customField(fieldId));
	}

	/**
	 * The value of a custom field, by field name, of a service; empty when the service or
	 * field does not exist.
	 */
	public Optional<String> customField(long serviceId, String fieldName) {
		return this.state.service(serviceId)
			.flatMap((service) -> this.state.product(service.pid())
				.flatMap((product) -> product.fieldId(fieldName))
				.map(service::customField));
	}

	public List<WhmcsProduct> products() {
		return this.state.products();
	}

	/** Activity log lines, oldest first. */
	public List<WhmcsActivity> activityLog() {
		return this.state.activity();
	}

	/** E-mails sent with {@code SendEmail}, oldest first. */
	public List<WhmcsEmail> emails() {
		return this.state.emails();
	}

	/** Tickets, by id. */
	public List<WhmcsTicket> tickets() {
		return this.state.tickets();
	}

	public Optional<WhmcsTicket> ticket(long ticketId) {
		return this.state.ticket(ticketId);
	}

	public void addCredentials(String identifier, String secret) {
		this.state.addCredentials(identifier, secret);
	}

	public void removeCredentials(String identifier) {
		this.state.removeCredentials(identifier);
	}

	public boolean autoCreateServices() {
		return this.state.autoCreateServices();
	}

	/** Switches auto-creation of unknown services on or off at runtime. */
	public void autoCreateServices(boolean enabled) {
		this.state.autoCreateServices(enabled);
	}

	@Override
	protected void resetState() {
		this.state.reset();
	}

	@Override
	protected Map<String, Object> stateSnapshot() {
		return this.state.snapshot();
	}

	@Override
	protected void restoreState(JsonNode stored) {
		this.state.restore(stored);
	}

	// ---- the API
	// ----------------------------------------------------------------------------------------------

	@Override
	protected void identify(ApiRequest request) {
		if (request.method().equals("POST") && request.path().equals(API_PATH)) {
			Map<String, String> form = request.form();
			request.keyId(form.get("identifier"));
			request.action(form.get("action"));
		}
	}

	@Override
	protected Reply handleApi(ApiRequest request) {
		if (!request.path().equals(API_PATH)) {
			return Reply.json(404, WhmcsApi.error("Not Found"));
		}
		if (!request.method().equals("POST")) {
			return Reply.json(405, WhmcsApi.error("The API accepts POST requests only"));
		}
		Map<String, String> form = request.form();
		// WHMCS's order: the caller's address (or the access key), the credentials, the
		// credentials' API role, then the action itself
		String address = request.remoteAddress();
		if (!this.options.allowedIps().contains(address)
				&& (this.options.accessKey() == null || !this.options.accessKey().equals(form.get("accesskey")))) {
			return Reply.json(403, WhmcsApi.error("Invalid IP " + address));
		}
		if (!this.state.authenticate(form.get("identifier"), form.get("secret"))) {
			return Reply.json(403, WhmcsApi.error("Authentication Failed"));
		}
		String action = form.get("action");
		if (!this.options.allows(action)) {
			return Reply.json(403, WhmcsApi.error("Invalid Permissions: API action \""
					+ Objects.toString(action, "").toLowerCase(Locale.ROOT) + "\" is not allowed"));
		}
		if (!"json".equalsIgnoreCase(form.get("responsetype"))) {
			// WHMCS answers XML unless asked for JSON: a client that forgets
			// responsetype=json sees that here too.
			return Reply.text(200, "text/xml; charset=utf-8", "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
					+ "<whmcsapi><result>error</result><message>responsetype=json is required</message></whmcsapi>");
		}
		Map<String, Object> answer = this.api.call(action, form, form.get("identifier"));
		return Reply.json(200, this.options.numbersAsStrings() ? asWhmcsSends(answer) : answer);
	}

	/**
	 * The answer with its whole numbers as strings, as WHMCS sends ids, counts and usage
	 * ({@code "id":"1"}, {@code "totalresults":"2"}); {@code startnumber} and
	 * {@code numreturned} stay numbers, as in WHMCS's own examples.
	 */
	@SuppressWarnings("unchecked")
	static Object asWhmcsSends(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			((Map<String, Object>) map).forEach((key, field) -> copy.put(key,
					(key.equals("startnumber") || key.equals("numreturned")) ? field : asWhmcsSends(field)));
			return copy;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(WhmcsSandbox::asWhmcsSends).toList();
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			return value.toString();
		}
		return value;
	}

	@Override
	protected Object faultBody(int status, String reason) {
		return WhmcsApi.error(reason);
	}

	// ---- control endpoints
	// ------------------------------------------------------------------------------------

	@Override
	protected Reply handleControl(ApiRequest request, List<String> segments) {
		return WhmcsControl.handle(this, this.state, request, segments);
	}

	/**
	 * Service view for the control endpoints: the fields by their WHMCS names, custom
	 * fields by id.
	 */
	static Map<String, Object> controlView(WhmcsService service, WhmcsProduct product) {
		Map<String, Object> fields = new LinkedHashMap<>();
		product.customFields()
			.forEach((id, name) -> fields.put(Integer.toString(id),
					Json.obj("name", name, "value", service.customField(id))));
		return Json.obj("serviceid", service.id(), "clientid", service.clientId(), "pid", service.pid(), "serverid",
				service.serverId(), "domain", service.domain(), "username", service.username(), "status",
				service.status(), "diskusage", service.diskUsage(), "disklimit", service.diskLimit(), "bwusage",
				service.bwUsage(), "bwlimit", service.bwLimit(), "lastupdate", service.lastUpdate(), "notes",
				service.notes(), "customfields", fields);
	}

}
