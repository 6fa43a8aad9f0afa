package io.emabridge.usage.writer;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unknown tenants in memory, for the writer's plain-Java tests; it passes the contract of
 * unknown tenants as the PostgreSQL one does.
 */
final class InMemoryUnknownTenants implements UnknownTenants {

	private final Map<String, Kept> kept = new LinkedHashMap<>();

	private final Clock clock;

	InMemoryUnknownTenants(Clock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized boolean record(String slug, byte[] snapshot) {
		Instant now = this.clock.instant();
		Kept before = this.kept.get(slug);
		this.kept.put(slug,
				(before != null) ? new Kept(snapshot.clone(), before.firstSeen(), now, before.snapshots() + 1)
						: new Kept(snapshot.clone(), now, now, 1));
		return before == null;
	}

	@Override
	public synchronized int count() {
		return this.kept.size();
	}

	@Override
	public synchronized List<Unknown> list(int limit) {
		return this.kept.entrySet()
			.stream()
			.map((entry) -> new Unknown(entry.getKey(), entry.getValue().firstSeen(), entry.getValue().lastSeen(),
					entry.getValue().snapshots()))
			.sorted(Comparator.comparing(Unknown::firstSeen).thenComparing(Unknown::slug))
			.limit(limit)
			.toList();
	}

	@Override
	public synchronized Map<String, byte[]> snapshotsOf(Collection<String> slugs) {
		Map<String, byte[]> found = new LinkedHashMap<>();
		for (String slug : slugs) {
			Kept kept = this.kept.get(slug);
			if (kept != null) {
				found.put(slug, kept.snapshot().clone());
			}
		}
		return found;
	}

	@Override
	public synchronized void forget(String slug, byte[] snapshot) {
		Kept kept = this.kept.get(slug);
		if (kept != null && Arrays.equals(kept.snapshot(), snapshot)) {
			this.kept.remove(slug);
		}
	}

	private record Kept(byte[] snapshot, Instant firstSeen, Instant lastSeen, int snapshots) {
	}

}
