package io.emabridge.system;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.slug.SlugInput;
import io.emabridge.model.slug.SlugRules;

/**
 * What WHMCS did to one service, as the module reports it: events in the order they
 * happened, and the order in which they reach the gateway, which differs the way it does
 * in real life (a module call repeated, an old call retried from the Module Queue, a
 * create that arrives after the suspend that followed it). The model of what the archive
 * must show in the end is the newest event by (occurredAt, event id), whatever the
 * arrival order.
 *
 * @param requestedSlug the slug the order asked for, or null
 * @param autoGenerate the product's "auto-generate slug" setting: off, a requested slug
 * that is taken has no alternative
 * @param companyJson the client's company name as the content of a JSON string; one the
 * gateway refuses ({@link HostileRecords#ACCEPTED_NAMES}) makes the create go straight to
 * the topic
 */
record History(long serviceId, List<Event> happened, List<Event> sent, String domain, String requestedSlug,
		String prefix, boolean autoGenerate, String companyJson) {

	static final String COMPANY = "System Test Company";

	private static final String PREFIX = "sys";

	/**
	 * Makes a random history; every history has exactly one create, and nothing happens
	 * after a terminate.
	 */
	static History random(long serviceId, Random random, Instant start, String sharedDomain) {
		return random(serviceId, random, start, sharedDomain, COMPANY);
	}

	/**
	 * A random history whose create names the company so; a name other than
	 * {@link #COMPANY} is one the gateway refuses, and its create is written straight to
	 * the topic.
	 */
	static History random(long serviceId, Random random, Instant start, String sharedDomain, String companyJson) {
		String requestedSlug = (random.nextInt(3) == 0)
				? "svc" + serviceId + "x" + Integer.toString(random.nextInt(1 << 20), 36) : null;
		boolean autoGenerate = requestedSlug == null || random.nextBoolean();
		// now and then a domain many services share: their slugs collide and alternatives
		// are used
		String domain = (sharedDomain != null && random.nextInt(8) == 0) ? sharedDomain : "shop" + serviceId + ".com";
		List<EventType> types = new ArrayList<>();
		types.add(EventType.CREATE);
		int more = random.nextInt(5);
		for (int i = 0; i < more; i++) {
			types.add(random.nextBoolean() ? EventType.SUSPEND : EventType.UNSUSPEND);
		}
		if (random.nextInt(5) == 0) {
			types.add(EventType.TERMINATE);
		}
		List<Event> happened = new ArrayList<>();
		Instant at = start.plus(random.nextInt(1_000_000), ChronoUnit.MICROS);
		boolean direct = !COMPANY.equals(companyJson);
		for (EventType type : types) {
			at = at.plus(1 + random.nextInt(5_000_000), ChronoUnit.MICROS);
			UUID id = UUID.randomUUID();
			happened.add(new Event(id, type, at,
					json(type, id, at, serviceId, domain, requestedSlug, PREFIX, autoGenerate, companyJson),
					direct && type == EventType.CREATE));
		}
		return new History(serviceId, List.copyOf(happened), arrivalOrder(happened, random), domain, requestedSlug,
				PREFIX, autoGenerate, companyJson);
	}

	/**
	 * A history of these module calls, one second apart from {@code start}, that reach
	 * the gateway in the order they happened.
	 */
	static History of(long serviceId, Instant start, EventType... types) {
		String domain = "shop" + serviceId + ".com";
		List<Event> happened = new ArrayList<>();
		Instant at = start;
		for (EventType type : types) {
			UUID id = UUID.randomUUID();
			happened.add(
					new Event(id, type, at, json(type, id, at, serviceId, domain, null, PREFIX, true, COMPANY), false));
			at = at.plusSeconds(1);
		}
		return new History(serviceId, List.copyOf(happened), List.copyOf(happened), domain, null, PREFIX, true,
				COMPANY);
	}

	private static List<Event> arrivalOrder(List<Event> happened, Random random) {
		List<Event> sent = new ArrayList<>(happened);
		// a late arrival: one event overtaken by the next (e.g. a create retried after
		// the suspend that followed)
		if (sent.size() > 1 && random.nextInt(4) == 0) {
			int i = random.nextInt(sent.size() - 1);
			sent.set(i, happened.get(i + 1));
			sent.set(i + 1, happened.get(i));
		}
		// the same module call twice
		if (random.nextInt(3) == 0) {
			int i = random.nextInt(sent.size());
			sent.add(i + 1, sent.get(i));
		}
		// an old event replayed after everything else
		if (random.nextInt(4) == 0) {
			sent.add(happened.get(random.nextInt(happened.size())));
		}
		return List.copyOf(sent);
	}

	/** Suspended or active: what the archive must show once the bridge has caught up. */
	String expectedStatus() {
		Event newest = this.happened.stream()
			.max(Comparator.comparing(Event::occurredAt).thenComparing(Event::id))
			.orElseThrow();
		return switch (newest.type()) {
			case CREATE, UNSUSPEND -> "active";
			case SUSPEND, TERMINATE -> "suspended";
		};
	}

	/**
	 * The slug the slug rules give first: the requested one, else one from the domain.
	 */
	String primarySlug() {
		return SlugRules.derive(new SlugInput(this.prefix, this.requestedSlug, this.autoGenerate, this.domain, COMPANY,
				this.serviceId));
	}

	/**
	 * Whether another slug may be used when the primary one is taken: not for a requested
	 * slug of a product that does not generate slugs.
	 */
	boolean slugMayVary() {
		return this.requestedSlug == null || this.autoGenerate;
	}

	/**
	 * The slugs the tenant may have: the primary one the slug rules give, or one of its
	 * alternatives on a conflict; never one of another's tenants.
	 */
	Set<String> possibleSlugs(Set<String> foreignSlugs) {
		String primary = primarySlug();
		Stream<String> alternatives = slugMayVary() ? SlugRules.alternatives(primary, this.serviceId).limit(25)
				: Stream.empty();
		return Stream.concat(Stream.of(primary), alternatives)
			.filter((slug) -> !foreignSlugs.contains(slug))
			.collect(Collectors.toSet());
	}

	/** The event as the module sends it, {@code companyJson} JSON-escaped already. */
	static String json(EventType type, UUID id, Instant at, long serviceId, String domain, String requestedSlug,
			String prefix, boolean autoGenerate, String companyJson) {
		String common = """
				"eventId":"%s","type":"%s","occurredAt":"%s","serviceId":%d,"clientId":%d,"productId":1,"serverId":1"""
			.formatted(id, type.wireName(), LifecycleEventJson.formatInstant(at), serviceId, 1000 + serviceId % 97);
		String extra = switch (type) {
			case CREATE -> """
					,"domain":"%s","client":{"companyName":"%s","firstName":"Grace",\
					"lastName":"Hopper","email":"grace@example.com"},"options":{"slugPrefix":"%s",\
					"autoGenerateSlug":%s,"requestedSlug":%s,"plan":"standard"}""".formatted(domain, companyJson,
					prefix, autoGenerate, (requestedSlug != null) ? "\"" + requestedSlug + "\"" : "null");
			case SUSPEND -> ",\"suspendReason\":\"Overdue on payment\"";
			case UNSUSPEND, TERMINATE -> "";
		};
		return "{" + common + extra + "}";
	}

	/**
	 * One module call's event.
	 *
	 * @param direct written straight to the lifecycle topic: the gateway would refuse it
	 */
	record Event(UUID id, EventType type, Instant occurredAt, String json, boolean direct) {
	}
}
