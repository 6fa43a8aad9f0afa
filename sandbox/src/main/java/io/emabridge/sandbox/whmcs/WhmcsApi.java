package io.emabridge.sandbox.whmcs;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emabridge.model.whmcs.PhpSerialization;
import io.emabridge.sandbox.support.Json;

/**
 * The WHMCS API actions the sandbox implements; each answers a
 * {@code result}/{@code message} map.
 */
final class WhmcsApi {

	static final String SERVICE_NOT_FOUND = "Service ID Not Found";
	static final String INVALID_CUSTOM_FIELDS = "Invalid customfields value";

	private static final DateTimeFormatter WHMCS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private static final String[] USAGE_FIELDS = { "diskusage", "disklimit", "bwusage", "bwlimit" };

	private static final String TICKET_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	/** Ticket statuses of a fresh WHMCS. */
	private static final List<String> TICKET_STATUSES = List.of("Open", "Answered", "Customer-Reply", "Closed",
			"On Hold", "In Progress");

	/** Ticket statuses of a fresh WHMCS that count as active ("All Active Tickets"). */
	private static final List<String> ACTIVE_STATUSES = List.of("Open", "Answered", "Customer-Reply", "On Hold",
			"In Progress");

	/** Ticket statuses of a fresh WHMCS that count as awaiting a reply. */
	private static final List<String> AWAITING_STATUSES = List.of("Open", "Customer-Reply");

	private static final int DEFAULT_LIMIT = 25;

	private static final Pattern LEADING_INT = Pattern.compile("\\s*([+-]?\\d+)");

	private final WhmcsState state;

	private final WhmcsSandboxOptions options;

	private final Clock clock;

	private final Random random;

	/** Our server module, when the options name its gateway; else null. */
	private final ServerModule module;

	WhmcsApi(WhmcsState state, WhmcsSandboxOptions options, Clock clock, Random random) {
		this.state = state;
		this.options = options;
		this.clock = clock;
		this.random = random;
		this.module = (options.moduleGateway() != null) ? new ServerModule(options.moduleGateway(), clock, random)
				: null;
	}

	/** Runs an action for an authenticated caller. */
	Map<String, Object> call(String action, Map<String, String> form, String identifier) {
		try {
			switch ((action != null) ? action.toLowerCase(Locale.ROOT) : "") {
				case "getclientsproducts":
					return getClientsProducts(form);
				case "getproducts":
					return getProducts(form);
				case "updateclientproduct":
					return updateClientProduct(form);
				case "logactivity":
					return logActivity(form, identifier);
				case "openticket":
					return openTicket(form);
				case "addticketreply":
					return addTicketReply(form);
				case "gettickets":
					return getTickets(form);
				case "sendemail":
					return sendEmail(form);
				case "modulecreate":
					return moduleCommand(form, "Create", "Active");
				case "modulesuspend":
					return moduleCommand(form, "Suspend", "Suspended");
				case "moduleunsuspend":
					return moduleCommand(form, "Unsuspend", "Active");
				case "moduleterminate":
					return moduleCommand(form, "Terminate", "Terminated");
				default:
					return error("Command Not Found");
			}
		}
		catch (ApiError ex) {
			return error(ex.getMessage());
		}
	}

	static Map<String, Object> error(String message) {
		return Json.obj("result", "error", "message", message);
	}

	private static Map<String, Object> success() {
		return Json.obj("result", "success");
	}

	// ---- services
	// --------------------------------------------------------------------------------------------

	private Map<String, Object> getClientsProducts(Map<String, String> form) {
		Long serviceId = optionalId(form.get("serviceid"));
		Long clientId = optionalId(form.get("clientid"));
		Long pid = optionalId(form.get("pid"));
		String domain = blankToNull(form.get("domain"));
		String username = blankToNull(form.get("username2"));
		if (serviceId != null) {
			this.state.serviceForApi(serviceId);
		}
		List<WhmcsService> matches = this.state.services()
			.stream()
			.filter((s) -> serviceId == null || s.id() == serviceId)
			.filter((s) -> clientId == null || s.clientId() == clientId)
			.filter((s) -> pid == null || s.pid() == pid)
			.filter((s) -> domain == null || s.domain().equalsIgnoreCase(domain))
			.filter((s) -> username == null || s.username().equals(username))
			.toList();
		int start = (int) Math.min(matches.size(), nonNegative(form.get("limitstart"), 0));
		int limit = (int) Math.max(1, nonNegative(form.get("limitnum"), 25));
		List<Map<String, Object>> page = matches.subList(start, Math.min(matches.size(), start + limit))
			.stream()
			.map(this::productView)
			.toList();
		Object products = (page.isEmpty() && this.options.emptyProductsAsString()) ? "" : Json.obj("product", page);
		return Json.obj("result", "success", "clientid", clientId, "serviceid", serviceId, "pid", pid, "domain", domain,
				"totalresults", matches.size(), "startnumber", start, "numreturned", page.size(), "products", products);
	}

	private Map<String, Object> productView(WhmcsService service) {
		WhmcsProduct product = this.state.product(service.pid()).orElseThrow();
		List<Map<String, Object>> fields = new ArrayList<>();
		product.customFields()
			.forEach((id, name) -> fields
				.add(Json.obj("id", id, "name", name, "translated_name", name, "value", service.customField(id))));
		Map<String, Object> view = Json.obj("id", service.id(), "clientid", service.clientId(), "orderid", 0,
				"ordernumber", "", "pid", service.pid(), "regdate", "0000-00-00", "name", product.name(),
				"translated_name", product.name(), "groupname", product.groupName(), "translated_groupname",
				product.groupName(), "domain", service.domain(), "dedicatedip", "", "serverid", service.serverId(),
				"servername", "", "serverip", null, "serverhostname", null, "suspensionreason", "",
				"firstpaymentamount", "0.00", "recurringamount", "0.00", "paymentmethod", "", "paymentmethodname", "",
				"billingcycle", "Monthly", "nextduedate", "0000-00-00", "status", service.status(), "username",
				service.username(), "password", "", "subscriptionid", "", "promoid", 0, "overideautosuspend", 0,
				"overidesuspenduntil", "0000-00-00", "ns1", "", "ns2", "", "assignedips", "", "notes", service.notes());
		view.put("diskusage", service.diskUsage());
		view.put("disklimit", service.diskLimit());
		view.put("bwusage", service.bwUsage());
		view.put("bwlimit", service.bwLimit());
		view.put("lastupdate", service.lastUpdate());
		view.put("customfields", Json.obj("customfield", fields));
		view.put("configoptions", Json.obj("configoption", List.of()));
		return view;
	}

	private Map<String, Object> updateClientProduct(Map<String, String> form) {
		WhmcsService current = requireService(form);
		UnaryOperator<WhmcsService> change = changes(form, current);
		try {
			this.state.update(current.id(), change).orElseThrow(() -> new ApiError(SERVICE_NOT_FOUND));
		}
		catch (IllegalArgumentException ex) {
			throw new ApiError(ex.getMessage());
		}
		return Json.obj("result", "success", "serviceid", current.id());
	}

	/** Validates every field first, so that a bad request changes nothing. */
	private UnaryOperator<WhmcsService> changes(Map<String, String> form, WhmcsService current) {
		String status = form.get("status");
		String canonical = (status != null) ? WhmcsService.canonicalStatus(status) : null;
		if (status != null && canonical == null) {
			throw new ApiError("Invalid status: " + status);
		}
		Long[] usage = new Long[USAGE_FIELDS.length];
		boolean usageChanged = false;
		for (int i = 0; i < USAGE_FIELDS.length; i++) {
			String value = form.get(USAGE_FIELDS[i]);
			if (value != null) {
				if (!value.trim().matches("\\d{1,15}")) {
					throw new ApiError(
							"Invalid " + USAGE_FIELDS[i] + " value: a whole number of megabytes is required");
				}
				usage[i] = Long.parseLong(value.trim());
				usageChanged = true;
			}
		}
		Map<Integer, String> customFields = customFields(form.get("customfields"), current.pid());
		String domain = form.get("domain");
		String username = form.get("serviceusername");
		String notes = form.get("notes");
		String now = WHMCS_TIME.format(this.clock.instant());
		boolean stampUsage = usageChanged;
		return (service) -> {
			WhmcsService next = service;
			if (canonical != null) {
				next = next.withStatus(canonical);
			}
			if (domain != null) {
				next = next.withDomain(domain);
			}
			if (username != null) {
				next = next.withUsername(username);
			}
			if (notes != null) {
				next = next.withNotes(notes);
			}
			if (stampUsage) {
				next = next.withUsage(pick(usage[0], next.diskUsage()), pick(usage[1], next.diskLimit()),
						pick(usage[2], next.bwUsage()), pick(usage[3], next.bwLimit()), now);
			}
			if (!customFields.isEmpty()) {
				Map<Integer, String> merged = new TreeMap<>(next.customFields());
				merged.putAll(customFields);
				next = next.withCustomFields(merged);
			}
			return next;
		};
	}

	private Map<Integer, String> customFields(String encoded, int pid) {
		if (encoded == null) {
			return Map.of();
		}
		Map<Integer, String> values;
		try {
			values = PhpSerialization.decodeCustomFields(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiError(INVALID_CUSTOM_FIELDS + ": " + ex.getMessage());
		}
		// WHMCS ignores, without a word, a value for a field id the product does not
		// have:
		// the caller cannot tell, which is why the workers check their field ids at
		// start-up
		WhmcsProduct product = this.state.product(pid).orElseThrow();
		Map<Integer, String> known = new TreeMap<>(values);
		known.keySet().retainAll(product.customFields().keySet());
		return known;
	}

	/**
	 * {@code GetProducts}, filtered by {@code pid} (one or a comma-separated list),
	 * {@code gid} and {@code module}. WHMCS lists only the custom fields shown on the
	 * order form; the sandbox's are all Admin Only, as the module's README sets up the
	 * Archive fields, so none is listed ({@code GetClientsProducts} lists them all).
	 */
	private Map<String, Object> getProducts(Map<String, String> form) {
		String pids = blankToNull(form.get("pid"));
		List<String> wanted = (pids != null) ? List.of(pids.split("\\s*,\\s*")) : null;
		String module = blankToNull(form.get("module"));
		List<Map<String, Object>> products = this.state.products()
			.stream()
			.filter((p) -> wanted == null || wanted.contains(Integer.toString(p.pid())))
			.filter((p) -> module == null || p.module().equalsIgnoreCase(module))
			.map((p) -> Json.obj("pid", p.pid(), "gid", 1, "type", "other", "name", p.name(), "description", "",
					"module", p.module(), "paytype", "recurring", "customfields", Json.obj("customfield", List.of()),
					"configoptions", Json.obj("configoption", List.of())))
			.toList();
		return Json.obj("result", "success", "totalresults", products.size(), "products",
				Json.obj("product", products));
	}

	private Map<String, Object> moduleCommand(Map<String, String> form, String command, String status) {
		WhmcsService service = requireService(form);
		// the sandbox runs only our own module; WHMCS says this of a product without one
		WhmcsProduct product = this.state.product(service.pid())
			.filter((p) -> p.module().equals(WhmcsProduct.MODULE))
			.orElseThrow(() -> new ApiError("Service not assigned to a module"));
		if (this.module != null) {
			// as WHMCS: the module's function runs first, and only its "success" changes
			// the service; its error message is the API's answer
			String outcome = this.module.run(command, service, product, form);
			if (!ServerModule.SUCCESS.equals(outcome)) {
				this.state.log(this.clock.instant(),
						"Module " + command + " Failed - Service ID: " + service.id() + " - Error: " + outcome,
						service.clientId(), "System");
				throw new ApiError(outcome);
			}
		}
		this.state.update(service.id(), (current) -> current.withStatus(status));
		this.state.log(this.clock.instant(), "Module " + command + " Successful - Service ID: " + service.id(),
				service.clientId(), "System");
		return success();
	}

	private WhmcsService requireService(Map<String, String> form) {
		Long id = optionalId(form.get("serviceid"));
		if (id == null) {
			throw new ApiError(SERVICE_NOT_FOUND);
		}
		return this.state.serviceForApi(id).orElseThrow(() -> new ApiError(SERVICE_NOT_FOUND));
	}

	// ---- activity log and tickets
	// ----------------------------------------------------------------------------

	private Map<String, Object> logActivity(Map<String, String> form, String identifier) {
		String description = blankToNull(form.get("description"));
		if (description == null) {
			throw new ApiError("Description is required");
		}
		this.state.log(this.clock.instant(), description, optionalId(form.get("clientid")), identifier);
		return success();
	}

	/**
	 * {@code SendEmail} of a product template: the e-mail is recorded (see
	 * {@code GET /_sandbox/emails}), not sent. Custom messages ({@code customtype}) are
	 * not implemented. Errors as WHMCS words them.
	 */
	private Map<String, Object> sendEmail(Map<String, String> form) {
		String template = blankToNull(form.get("messagename"));
		if (template == null) {
			throw new ApiError("You must provide either an existing email template name or a custom message type");
		}
		Long id = optionalId(form.get("id"));
		if (id == null) {
			throw new ApiError("A related ID is required");
		}
		Map<String, String> variables = Map.of();
		String customVars = form.get("customvars");
		if (customVars != null && !customVars.isEmpty()) {
			try {
				variables = PhpSerialization.decodeVariables(customVars);
			}
			catch (IllegalArgumentException ex) {
				throw new ApiError("The custom variables you provided are invalid.");
			}
		}
		// a product template's related id is a service: "Invalid related ID" is one of
		// the causes of WHMCS's generic failure
		WhmcsService service = this.state.serviceForApi(id)
			.orElseThrow(() -> new ApiError("Sending Failed. Please see documentation."));
		this.state.email(this.clock.instant(), template, id, service.clientId(), variables);
		return success();
	}

	private Map<String, Object> openTicket(Map<String, String> form) {
		Long deptId = optionalId(form.get("deptid"));
		if (deptId == null || !this.options.departments().containsKey(deptId.intValue())) {
			throw new ApiError("Department ID not found");
		}
		String subject = required(form, "subject", "Subject is required");
		String message = required(form, "message", "Message is required");
		Long clientId = optionalId(form.get("clientid"));
		String name = blankToNull(form.get("name"));
		String email = blankToNull(form.get("email"));
		if (clientId == null && (name == null || email == null)) {
			throw new ApiError("A client id, or a name and an email address, are required");
		}
		String priority = form.getOrDefault("priority", "Medium");
		if (!List.of("Low", "Medium", "High").contains(priority)) {
			throw new ApiError("Invalid priority: " + priority);
		}
		long id = this.state.nextTicketId();
		String tid;
		String key;
		synchronized (this.random) {
			tid = String.format("%06d", this.random.nextInt(1_000_000));
			StringBuilder access = new StringBuilder(8);
			for (int i = 0; i < 8; i++) {
				access.append(TICKET_KEY_ALPHABET.charAt(this.random.nextInt(TICKET_KEY_ALPHABET.length())));
			}
			key = access.toString();
		}
		this.state
			.putTicket(new WhmcsTicket(id, tid, key, deptId.intValue(), clientId, optionalId(form.get("serviceid")),
					name, email, subject, message, priority, "Open", this.clock.instant(), List.of()));
		return Json.obj("result", "success", "id", id, "tid", tid, "c", key);
	}

	private Map<String, Object> addTicketReply(Map<String, String> form) {
		Long ticketId = optionalId(form.get("ticketid"));
		String message = required(form, "message", "Message is required");
		String admin = blankToNull(form.get("adminusername"));
		String requested = blankToNull(form.get("status"));
		String status = (requested != null) ? TICKET_STATUSES.stream()
			.filter(requested::equalsIgnoreCase)
			.findFirst()
			.orElseThrow(() -> new ApiError("Invalid Ticket Status")) : null;
		WhmcsTicketReply reply = new WhmcsTicketReply(this.clock.instant(), message, optionalId(form.get("clientid")),
				admin, blankToNull(form.get("name")), blankToNull(form.get("email")));
		this.state.updateTicket((ticketId != null) ? ticketId : -1, (ticket) -> {
			List<WhmcsTicketReply> replies = new ArrayList<>(ticket.replies());
			replies.add(reply);
			return new WhmcsTicket(ticket.id(), ticket.tid(), ticket.c(), ticket.deptId(), ticket.clientId(),
					ticket.serviceId(), ticket.name(), ticket.email(), ticket.subject(), ticket.message(),
					ticket.priority(), (status != null) ? status : ((admin != null) ? "Answered" : "Customer-Reply"),
					ticket.created(), replies);
		}).orElseThrow(() -> new ApiError("Ticket ID not found"));
		return success();
	}

	/**
	 * {@code GetTickets} as WHMCS answers it. Filters: {@code deptid}, {@code clientid},
	 * {@code email}, {@code status} (a status, or "Awaiting Reply", "All Active Tickets",
	 * "My Flagged Tickets") and {@code subject} (SQL {@code title LIKE '%subject%'}:
	 * case-insensitive, {@code %} and {@code _} are wildcards). Newest last reply first,
	 * paged with {@code limitstart} and {@code limitnum} (default 25). Numbers are read
	 * as PHP's {@code (int)} reads them (a value that is not a number filters nothing);
	 * {@code totalresults} and the ticket fields are strings, and {@code tickets} is left
	 * out altogether when the page is empty, as WHMCS does. The API user counts as
	 * assigned to every department, so {@code ignore_dept_assignments} changes nothing;
	 * no ticket is flagged.
	 */
	private Map<String, Object> getTickets(Map<String, String> form) {
		long deptId = phpInt(form.get("deptid"));
		long clientId = phpInt(form.get("clientid"));
		String email = blankToNull(form.get("email"));
		String status = blankToNull(form.get("status"));
		String subject = form.get("subject");
		Pattern like = (subject != null) ? likePattern("%" + subject + "%") : null;
		List<WhmcsTicket> matches = this.state.tickets()
			.stream()
			.filter((t) -> deptId == 0 || t.deptId() == deptId)
			.filter((t) -> clientId == 0 || t.clientId() != null && t.clientId() == clientId)
			.filter((t) -> email == null || email.equalsIgnoreCase(t.email()))
			.filter((t) -> status == null || statusMatches(status, t.status()))
			.filter((t) -> like == null || like.matcher(t.subject()).matches())
			.sorted(Comparator.comparing(WhmcsApi::lastReply).thenComparingLong(WhmcsTicket::id).reversed())
			.toList();
		String rawStart = form.get("limitstart");
		boolean startGiven = !phpEmpty(rawStart);
		int start = (int) Math.min(matches.size(), startGiven ? Math.max(0, phpInt(rawStart)) : 0);
		String rawLimit = form.get("limitnum");
		long limit = phpEmpty(rawLimit) ? DEFAULT_LIMIT : phpInt(rawLimit);
		int end = (limit < 0) ? matches.size() : start + (int) Math.min(matches.size() - start, limit);
		List<Map<String, Object>> page = matches.subList(start, end).stream().map(this::ticketView).toList();
		Map<String, Object> answer = Json.obj("result", "success", "totalresults", Integer.toString(matches.size()),
				"startnumber", startGiven ? rawStart : 0, "numreturned", page.size());
		if (!page.isEmpty()) {
			answer.put("tickets", Json.obj("ticket", page));
		}
		return answer;
	}

	private Map<String, Object> ticketView(WhmcsTicket ticket) {
		return Json.obj("id", Long.toString(ticket.id()), "tid", ticket.tid(), "deptid",
				Integer.toString(ticket.deptId()), "userid",
				Long.toString((ticket.clientId() != null) ? ticket.clientId() : 0), "name",
				Objects.toString(ticket.name(), ""), "email", Objects.toString(ticket.email(), ""), "cc", "", "c",
				ticket.c(), "date", WHMCS_TIME.format(ticket.created()), "subject", ticket.subject(), "status",
				ticket.status(), "priority", ticket.priority(), "admin", "", "attachment", "", "lastreply",
				WHMCS_TIME.format(lastReply(ticket)), "flag", "0", "service",
				(ticket.serviceId() != null) ? "S" + ticket.serviceId() : "");
	}

	private static Instant lastReply(WhmcsTicket ticket) {
		return ticket.replies().isEmpty() ? ticket.created() : ticket.replies().get(ticket.replies().size() - 1).time();
	}

	private static boolean statusMatches(String filter, String status) {
		switch (filter) {
			case "Awaiting Reply":
				return AWAITING_STATUSES.contains(status);
			case "All Active Tickets":
				return ACTIVE_STATUSES.contains(status);
			case "My Flagged Tickets":
				return false;
			default:
				return filter.equalsIgnoreCase(status);
		}
	}

	/**
	 * A MySQL {@code LIKE} pattern as a regular expression: {@code %} any text, {@code _}
	 * one character, a backslash escapes the next character; case-insensitive, as the
	 * tickets table's collation is.
	 */
	static Pattern likePattern(String like) {
		StringBuilder regex = new StringBuilder(like.length() + 8);
		for (int i = 0; i < like.length(); i++) {
			char ch = like.charAt(i);
			if (ch == '\\' && i + 1 < like.length()) {
				regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
			}
			else if (ch == '%') {
				regex.append(".*");
			}
			else if (ch == '_') {
				regex.append('.');
			}
			else {
				regex.append(Pattern.quote(String.valueOf(ch)));
			}
		}
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
	}

	/** PHP's {@code empty()} of a request value: absent, {@code ""} or {@code "0"}. */
	private static boolean phpEmpty(String value) {
		return value == null || value.isEmpty() || value.equals("0");
	}

	/**
	 * PHP's {@code (int)} of a request value: the leading whole number (after
	 * whitespace), else 0.
	 */
	static long phpInt(String value) {
		if (value == null) {
			return 0;
		}
		Matcher number = LEADING_INT.matcher(value);
		if (!number.lookingAt()) {
			return 0;
		}
		try {
			return Long.parseLong(number.group(1));
		}
		catch (NumberFormatException ex) {
			return number.group(1).startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	// ---- field helpers
	// ---------------------------------------------------------------------------------------

	private static String required(Map<String, String> form, String field, String message) {
		String value = blankToNull(form.get(field));
		if (value == null) {
			throw new ApiError(message);
		}
		return value;
	}

	/**
	 * A positive-or-zero id, null when absent or blank; a value that is not a number
	 * matches nothing.
	 */
	private static Long optionalId(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return value.trim().matches("\\d{1,18}") ? Long.parseLong(value.trim()) : -1L;
	}

	private static long nonNegative(String value, long fallback) {
		return (value != null && value.trim().matches("\\d{1,9}")) ? Long.parseLong(value.trim()) : fallback;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static long pick(Long value, long fallback) {
		return (value != null) ? value : fallback;
	}

	/**
	 * An action failed: answered {@code {"result":"error","message":...}} with HTTP 200.
	 */
	static final class ApiError extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ApiError(String message) {
			super(message, null, false, false);
		}

	}

}
