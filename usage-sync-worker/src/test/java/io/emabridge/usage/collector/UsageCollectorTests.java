package io.emabridge.usage.collector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.Tenant;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The collector's decisions, without Kafka, a database or HTTP. */
class UsageCollectorTests {

	private final Map<String, TenantUsage> usage = new HashMap<>();

	private final List<List<Tenant>> pages = new ArrayList<>();

	private final List<UsageSnapshot> published = new ArrayList<>();

	private final Map<String, UsageSnapshot.Figures> last = new HashMap<>();

	private final List<Duration> waits = new ArrayList<>();

	private int failuresLeft;

	private final TenantSource source = new TenantSource() {

		@Override
		public TenantPage page(int page) {
			if (UsageCollectorTests.this.failuresLeft > 0) {
				UsageCollectorTests.this.failuresLeft--;
				throw new ArchiveApiException("list", 429, "slow down", Duration.ofSeconds(3), null, null);
			}
			return new TenantPage(UsageCollectorTests.this.pages.get(page - 1), page,
					UsageCollectorTests.this.pages.size(), 0);
		}

		@Override
		public TenantUsage usage(String slug) {
			return UsageCollectorTests.this.usage.get(slug);
		}
	};

	private final SnapshotStore store = new SnapshotStore() {

		@Override
		public Map<String, UsageSnapshot.Figures> lastFigures(Collection<String> slugs) {
			Map<String, UsageSnapshot.Figures> found = new HashMap<>();
			slugs.forEach((s) -> {
				if (UsageCollectorTests.this.last.containsKey(s)) {
					found.put(s, UsageCollectorTests.this.last.get(s));
				}
			});
			return found;
		}

		@Override
		public void recordPage(long runId, List<UsageSnapshot> snapshots, int tenants, int unchanged) {
			snapshots.forEach((s) -> UsageCollectorTests.this.last.put(s.slug(), s.figures()));
		}
	};

	private final UsageCollector collector = new UsageCollector(
			new PageReader(this.source, 3, Duration.ofSeconds(1), Duration.ofSeconds(10), this.waits::add),
			(snapshots) -> {
				this.published.addAll(snapshots);
				return () -> {
				};
			}, this.store, new Licenses(1000), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
			UsageCollector.Listener.none(), Runnable::run, 2);

	@Test
	void readsEveryPageAndPublishesOnlyWhatChanged() {
		this.pages.add(List.of(tenant("a", 1L, 10L), tenant("b", 2L, 20L)));
		this.pages.add(List.of(tenant("c", 3L, 3001L)));

		CollectionResult first = this.collector.collect(1);
		assertThat(first).isEqualTo(new CollectionResult(2, 3, 3, 0));
		assertThat(this.published).extracting(UsageSnapshot::licenses).containsExactly(1L, 2L, 4L);

		this.published.clear();
		this.pages.set(1, List.of(tenant("c", 3L, 5000L)));
		CollectionResult second = this.collector.collect(2);
		assertThat(second).isEqualTo(new CollectionResult(2, 3, 1, 2));
		assertThat(this.published).extracting(UsageSnapshot::slug).containsExactly("c");
	}

	@Test
	void asksForTheUsageOfTenantsTheListShowsWithout() {
		this.pages
			.add(List.of(new Tenant("bare", "Bare", "active", null, null, null, new TenantUsage(null, null, null))));
		this.usage.put("bare", new TenantUsage(7L, 0L, 99L));

		this.collector.collect(1);

		assertThat(this.published).singleElement()
			.satisfies((s) -> assertThat(s.figures()).isEqualTo(new UsageSnapshot.Figures("active", 7, 0, 99L, 7)));
	}

	@Test
	void retriesAPageThatFailsTransientlyHonouringRetryAfterAndGivesUpAfterTheAttempts() {
		this.pages.add(List.of(tenant("a", 1L, 1L)));
		this.failuresLeft = 2;
		assertThat(this.collector.collect(1).tenants()).isEqualTo(1);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));

		this.failuresLeft = 3;
		assertThatThrownBy(() -> this.collector.collect(2)).isInstanceOf(ArchiveApiException.class);
	}

	private static Tenant tenant(String slug, Long users, Long storage) {
		return new Tenant(slug, slug, "active", null, null, null, new TenantUsage(users, storage, null));
	}

}
