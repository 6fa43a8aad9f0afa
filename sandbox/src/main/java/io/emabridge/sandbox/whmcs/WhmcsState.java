package io.emabridge.sandbox.whmcs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.support.Json;

/**
 * Everything the WHMCS sandbox remembers: services, credentials, activity log lines,
 * tickets, e-mails sent. Every change of the services, the activity log or the tickets
 * (what a state file keeps) is reported to the listener given at construction, after it
 * is made.
 */
final class WhmcsState {

	private final WhmcsSandboxOptions options;

	private final Map<Integer, WhmcsProduct> products = new LinkedHashMap<>();

	private final ConcurrentHashMap<Long, WhmcsService> services = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, String> credentials = new ConcurrentHashMap<>();

	private final List<WhmcsActivity> activity = new ArrayList<>();

	private final ConcurrentHashMap<Long, WhmcsTicket> tickets = new ConcurrentHashMap<>();

	private final List<WhmcsEmail> emails = new ArrayList<>();

	private final AtomicLong activityIds = new AtomicLong();

	private final AtomicLong emailIds = new AtomicLong();

	private final AtomicLong ticketIds = new AtomicLong();

	private final Runnable changed;

	private volatile boolean autoCreateServices;

	/**
	 * The state of a fresh WHMCS: the configured products and credentials, no services,
	 * no activity, no tickets.
	 * @param changed told after every change of the services, the activity log or the
	 * tickets
	 */
	WhmcsState(WhmcsSandboxOptions options, Runnable changed) {
		this.options = options;
		this.changed = changed;
		options.products().forEach((product) -> this.products.put(product.pid(), product));
		reset();
	}

	void reset() {
		this.services.clear();
		this.tickets.clear();
		synchronized (this.activity) {
			this.activity.clear();
		}
		synchronized (this.emails) {
			this.emails.clear();
		}
		this.credentials.clear();
		this.credentials.putAll(this.options.credentials());
		this.autoCreateServices = this.options.autoCreateServices();
		this.changed.run();
	}

	// ---- state file
	// ----------------------------------------------------------------------------------------

	/**
	 * Services, activity log and tickets with the last ids handed out; never credentials.
	 */
	Map<String, Object> snapshot() {
		// The counters first: whatever the lists hold then has an id at most this high,
		// or is restored past it.
		long lastActivityId = this.activityIds.get();
		long lastTicketId = this.ticketIds.get();
		long lastEmailId = this.emailIds.get();
		return Json.obj("lastActivityId", lastActivityId, "lastTicketId", lastTicketId, "lastEmailId", lastEmailId,
				"services", services(), "activity", activity(), "tickets", tickets(), "emails", emails());
	}

	/**
	 * Replaces services, activity log and tickets with those of a snapshot; new ids
	 * continue after the old ones.
	 */
	void restore(JsonNode state) {
		List<WhmcsService> storedServices = list(state, "services", new TypeReference<List<WhmcsService>>() {
		});
		List<WhmcsActivity> storedActivity = list(state, "activity", new TypeReference<List<WhmcsActivity>>() {
		});
		List<WhmcsTicket> storedTickets = list(state, "tickets", new TypeReference<List<WhmcsTicket>>() {
		});
		// state files written before e-mails were kept have none
		List<WhmcsEmail> storedEmails = state.has("emails")
				? list(state, "emails", new TypeReference<List<WhmcsEmail>>() {
				}) : List.of();
		this.services.clear();
		this.tickets.clear();
		synchronized (this.activity) {
			this.activity.clear();
		}
		for (int i = 0; i < storedServices.size(); i++) {
			WhmcsService service = storedServices.get(i);
			if (service == null) {
				throw new IllegalArgumentException("services[" + i + "] is null");
			}
			try {
				validated(service);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						"services[" + i + "] (service " + service.id() + "): " + ex.getMessage(), ex);
			}
			if (this.services.putIfAbsent(service.id(), service) != null) {
				throw new IllegalArgumentException("services[" + i + "]: service " + service.id() + " appears twice");
			}
		}
		long lastActivityId = lastId(state, "lastActivityId");
		for (int i = 0; i < storedActivity.size(); i++) {
			WhmcsActivity line = storedActivity.get(i);
			if (line == null || line.time() == null || line.description() == null) {
				throw new IllegalArgumentException("activity[" + i + "] lacks its time or description");
			}
			lastActivityId = Math.max(lastActivityId, line.id());
		}
		long lastTicketId = lastId(state, "lastTicketId");
		for (int i = 0; i < storedTickets.size(); i++) {
			WhmcsTicket ticket = storedTickets.get(i);
			if (ticket == null || ticket.tid() == null || ticket.created() == null) {
				throw new IllegalArgumentException("tickets[" + i + "] lacks its tid or creation time");
			}
			if (this.tickets.putIfAbsent(ticket.id(), ticket) != null) {
				throw new IllegalArgumentException("tickets[" + i + "]: ticket " + ticket.id() + " appears twice");
			}
			lastTicketId = Math.max(lastTicketId, ticket.id());
		}
		long lastEmailId = lastId(state, "lastEmailId");
		for (int i = 0; i < storedEmails.size(); i++) {
			WhmcsEmail email = storedEmails.get(i);
			if (email == null || email.time() == null || email.template() == null) {
				throw new IllegalArgumentException("emails[" + i + "] lacks its time or template");
			}
			lastEmailId = Math.max(lastEmailId, email.id());
		}
		synchronized (this.activity) {
			this.activity.addAll(storedActivity);
		}
		synchronized (this.emails) {
			this.emails.clear();
			this.emails.addAll(storedEmails);
		}
		this.emailIds.set(lastEmailId);
		this.activityIds.set(lastActivityId);
		this.ticketIds.set(lastTicketId);
		this.changed.run();
	}

	private static long lastId(JsonNode state, String field) {
		JsonNode node = state.get(field);
		if (node == null || node.isNull()) {
			return 0;
		}
		if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
			throw new IllegalArgumentException("the " + field + " field must be a whole number >= 0");
		}
		return node.longValue();
	}

	private static <T> List<T> list(JsonNode state, String field, TypeReference<List<T>> type) {
		JsonNode node = state.get(field);
		if (node == null || !node.isArray()) {
			throw new IllegalArgumentException("the " + field + " field must be an array");
		}
		return Json.MAPPER.readerFor(type).readValue(node);
	}

	// ---- credentials and settings
	// --------------------------------------------------------------------------

	boolean authenticate(String identifier, String secret) {
		if (identifier == null || secret == null) {
			return false;
		}
		String expected = this.credentials.get(identifier);
		return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				secret.getBytes(StandardCharsets.UTF_8));
	}

	void addCredentials(String identifier, String secret) {
		this.credentials.put(identifier, secret);
	}

	void removeCredentials(String identifier) {
		this.credentials.remove(identifier);
	}

	boolean autoCreateServices() {
		return this.autoCreateServices;
	}

	void autoCreateServices(boolean enabled) {
		this.autoCreateServices = enabled;
	}

	// ---- products and services
	// -----------------------------------------------------------------------------

	Optional<WhmcsProduct> product(int pid) {
		return Optional.ofNullable(this.products.get(pid));
	}

	List<WhmcsProduct> products() {
		return List.copyOf(this.products.values());
	}

	/**
	 * Checks that the service's product exists and its custom field ids belong to that
	 * product.
	 */
	WhmcsService validated(WhmcsService service) {
		WhmcsProduct product = product(service.pid())
			.orElseThrow(() -> new IllegalArgumentException("no product with pid " + service.pid()));
		for (Integer fieldId : service.customFields().keySet()) {
			if (!product.customFields().containsKey(fieldId)) {
				throw new IllegalArgumentException(
						"custom field " + fieldId + " is not a field of product " + product.pid());
			}
		}
		return service;
	}

	WhmcsService put(WhmcsService service) {
		this.services.put(service.id(), validated(service));
		this.changed.run();
		return service;
	}

	Optional<WhmcsService> service(long id) {
		return Optional.ofNullable(this.services.get(id));
	}

	/**
	 * The service; with auto-creation on, an unknown id becomes a new Active service of
	 * the default product.
	 */
	Optional<WhmcsService> serviceForApi(long id) {
		WhmcsService existing = this.services.get(id);
		if (existing == null && this.autoCreateServices && id > 0) {
			existing = this.services.computeIfAbsent(id,
					(key) -> WhmcsService.of(key, key).withPid(this.options.defaultPid()));
			this.changed.run();
		}
		return Optional.ofNullable(existing);
	}

	/** Applies a change atomically; empty when the service does not exist. */
	Optional<WhmcsService> update(long id, UnaryOperator<WhmcsService> change) {
		WhmcsService updated = this.services.computeIfPresent(id, (key, current) -> validated(change.apply(current)));
		if (updated != null) {
			this.changed.run();
		}
		return Optional.ofNullable(updated);
	}

	boolean remove(long id) {
		boolean removed = this.services.remove(id) != null;
		if (removed) {
			this.changed.run();
		}
		return removed;
	}

	List<WhmcsService> services() {
		return this.services.values().stream().sorted(Comparator.comparingLong(WhmcsService::id)).toList();
	}

	// ---- activity log and tickets
	// --------------------------------------------------------------------------

	WhmcsActivity log(Instant time, String description, Long clientId, String user) {
		WhmcsActivity line = new WhmcsActivity(this.activityIds.incrementAndGet(), time, description, clientId, user);
		synchronized (this.activity) {
			this.activity.add(line);
		}
		this.changed.run();
		return line;
	}

	List<WhmcsActivity> activity() {
		synchronized (this.activity) {
			return List.copyOf(this.activity);
		}
	}

	WhmcsEmail email(Instant time, String template, long relatedId, Long clientId, Map<String, String> variables) {
		WhmcsEmail email = new WhmcsEmail(this.emailIds.incrementAndGet(), time, template, relatedId, clientId,
				Map.copyOf(variables));
		synchronized (this.emails) {
			this.emails.add(email);
		}
		this.changed.run();
		return email;
	}

	/** E-mails sent, oldest first. */
	List<WhmcsEmail> emails() {
		synchronized (this.emails) {
			return List.copyOf(this.emails);
		}
	}

	long nextTicketId() {
		return this.ticketIds.incrementAndGet();
	}

	void putTicket(WhmcsTicket ticket) {
		this.tickets.put(ticket.id(), ticket);
		this.changed.run();
	}

	Optional<WhmcsTicket> updateTicket(long id, UnaryOperator<WhmcsTicket> change) {
		WhmcsTicket updated = this.tickets.computeIfPresent(id, (key, current) -> change.apply(current));
		if (updated != null) {
			this.changed.run();
		}
		return Optional.ofNullable(updated);
	}

	Optional<WhmcsTicket> ticket(long id) {
		return Optional.ofNullable(this.tickets.get(id));
	}

	List<WhmcsTicket> tickets() {
		return this.tickets.values().stream().sorted(Comparator.comparingLong(WhmcsTicket::id)).toList();
	}

}
