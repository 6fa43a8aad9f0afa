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

	/** What the writer made of each tenant's last figures; delivered unless said here. */
	private final Map<String, Delivery> delivery = new HashMap<>();

	private final List<SnapshotStore.PageCounts> recorded = new ArrayList<>();

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
		public Map<String, SnapshotStore.Last> lastFigures(Collection<String> slugs) {
			Map<String, SnapshotStore.Last> found = new HashMap<>();
			slugs.forEach((s) -> {
				if (UsageCollectorTests.this.last.containsKey(s)) {
					found.put(s, new SnapshotStore.Last(UsageCollectorTests.this.last.get(s),
							UsageCollectorTests.this.delivery.getOrDefault(s, Delivery.DELIVERED)));
				}
			});
			return found;
		}

		@Override
		public void recordPage(RunClaim claim, List<UsageSnapshot> snapshots, SnapshotStore.PageCounts counts) {
			// the JDBC store asks the database (see JdbcSnapshotStoreTests)
			if (!UsageCollectorTests.this.lockHeld) {
				throw new LostClaimException("lost");
			}
			snapshots.forEach((s) -> {
				UsageCollectorTests.this.last.put(s.slug(), s.figures());
				UsageCollectorTests.this.delivery.remove(s.slug());
			});
			UsageCollectorTests.this.recorded.add(counts);
		}
	};

	private boolean lockHeld = true;

	private final RunClaim claim = new RunClaim(1, (connection) -> true);

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

		CollectionResult first = this.collector.collect(this.claim);
		assertThat(first).isEqualTo(new CollectionResult(2, 3, 3, 0, 0));
		assertThat(this.published).extracting(UsageSnapshot::licenses).containsExactly(1L, 2L, 4L);

		this.published.clear();
		this.pages.set(1, List.of(tenant("c", 3L, 5000L)));
		CollectionResult second = this.collector.collect(this.claim);
		assertThat(second).isEqualTo(new CollectionResult(2, 3, 1, 0, 2));
		assertThat(this.published).extracting(UsageSnapshot::slug).containsExactly("c");
	}

	@Test
	void asksForTheUsageOfTenantsTheListShowsWithout() {
		this.pages
			.add(List.of(new Tenant("bare", "Bare", "active", null, null, null, new TenantUsage(null, null, null))));
		this.usage.put("bare", new TenantUsage(7L, 0L, 99L));

		this.collector.collect(this.claim);

		assertThat(this.published).singleElement()
			.satisfies((s) -> assertThat(s.figures()).isEqualTo(new UsageSnapshot.Figures("active", 7, 0, 99L, 7)));
	}

	@Test
	void retriesAPageThatFailsTransientlyHonouringRetryAfterAndGivesUpAfterTheAttempts() {
		this.pages.add(List.of(tenant("a", 1L, 1L)));
		this.failuresLeft = 2;
		assertThat(this.collector.collect(this.claim).tenants()).isEqualTo(1);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));

		this.failuresLeft = 3;
		assertThatThrownBy(() -> this.collector.collect(this.claim)).isInstanceOf(ArchiveApiException.class);
	}

	@Test
	void publishesAgainTheUnchangedFiguresWhmcsDoesNotHoldButNotThoseKeptForAnUnknownService() {
		this.pages.add(List.of(tenant("held", 1L, 10L), tenant("gave-up", 2L, 20L), tenant("kept", 3L, 30L),
				tenant("moved", 4L, 40L)));
		this.collector.collect(this.claim);
		this.published.clear();
		this.delivery.put("gave-up", Delivery.UNDELIVERED);
		this.delivery.put("kept", Delivery.KEPT_FOR_UNKNOWN_SERVICE);
		this.delivery.put("moved", Delivery.UNDELIVERED);
		this.pages.set(0, List.of(tenant("held", 1L, 10L), tenant("gave-up", 2L, 20L), tenant("kept", 3L, 30L),
				tenant("moved", 5L, 40L)));

		CollectionResult result = this.collector.collect(this.claim);

		// a changed tenant counts as changed, delivered or not
		assertThat(result).isEqualTo(new CollectionResult(1, 4, 1, 1, 2));
		assertThat(this.published).extracting(UsageSnapshot::slug).containsExactly("gave-up", "moved");
		assertThat(this.recorded).last().isEqualTo(new SnapshotStore.PageCounts(4, 1, 1, 2));
	}

	@Test
	void stopsAtThePageWhoseRecordFindsTheClaimLost() {
		this.pages.add(List.of(tenant("a", 1L, 1L)));
		this.pages.add(List.of(tenant("b", 1L, 1L)));
		this.pages.add(List.of(tenant("c", 1L, 1L)));
		this.lockHeld = false;

		assertThatThrownBy(() -> this.collector.collect(this.claim)).isInstanceOf(LostClaimException.class);

		assertThat(this.recorded).isEmpty();
		assertThat(this.last).isEmpty();
	}

	private static Tenant tenant(String slug, Long users, Long storage) {
		return new Tenant(slug, slug, "active", null, null, null, new TenantUsage(users, storage, null));
	}

}
