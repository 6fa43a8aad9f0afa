package io.emabridge.provisioning.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.provisioning.ledger.ServiceStatus;

/**
 * Random lifecycle histories for many services: a create, then suspends, unsuspends and
 * perhaps a terminate, some sent out of order. What each service must end as is the
 * status of its newest event.
 */
public final class Histories {

	private Histories() {
	}

	public static History of(long serviceId, String prefix, Instant start, Random random) {
		String company = prefix + " " + serviceId;
		List<LifecycleEvent> events = new ArrayList<>();
		events.add(Events.create(serviceId, start, company));
		Instant at = start;
		int changes = random.nextInt(4);
		for (int i = 0; i < changes; i++) {
			at = at.plusMillis(1 + random.nextInt(1_000));
			LifecycleEvent next = switch (random.nextInt(7)) {
				case 0 -> Events.terminate(serviceId, at);
				case 1, 2, 3 -> Events.suspend(serviceId, at);
				default -> Events.unsuspend(serviceId, at);
			};
			events.add(next);
		}
		LifecycleEvent newest = events.stream().max(Comparator.comparing(LifecycleEvent::version)).orElseThrow();
		ServiceStatus expected = ServiceStatus.of(newest.type());
		if (random.nextInt(4) == 0) {
			Collections.shuffle(events, random);
		}
		return new History(serviceId, company, List.copyOf(events), expected);
	}

	/**
	 * One service's events, in the order they are to be sent, and the status the newest
	 * one asks for.
	 */
	public record History(long serviceId, String company, List<LifecycleEvent> events, ServiceStatus expected) {

		/** The slug the worker derives from the company name. */
		public String slug() {
			return this.company.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
		}
	}

}
