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

	private final UsageCollector collector = collector(List.of(new ArchiveAccount("default", "0000", this.source)));

	@Test
	void readsEveryPageAndPublishesOnlyWhatChanged() {
		this.pages.add(List.of(tenant("a", 1L, 10L), tenant("b", 2L, 20L)));
		this.pages.add(List.of(tenant("c", 3L, 3001L)));

		CollectionResult first = this.collector.collect(this.claim);
		assertThat(totals(first)).containsExactly(2, 3, 3, 0, 0);
		assertThat(this.published).extracting(UsageSnapshot::licenses).containsExactly(1L, 2L, 4L);

		this.published.clear();
		this.pages.set(1, List.of(tenant("c", 3L, 5000L)));
		CollectionResult second = this.collector.collect(this.claim);
		assertThat(totals(second)).containsExactly(2, 3, 1, 0, 2);
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
		CollectionResult failed = this.collector.collect(this.claim);
		assertThat(failed.failed()).singleElement()
			.satisfies((account) -> assertThat(account.error()).contains("slow down"));
	}

	@Test
	void anAccountTheArchiveRefusesEndsItsOwnPartOnlyAndTheOtherAccountsAreCollected() {
		TenantSource revoked = new TenantSource() {

			@Override
			public TenantPage page(int page) {
				throw new ArchiveApiException("list", 401, "archive list failed with HTTP 401: Unauthenticated.", null,
						null, null);
			}

			@Override
			public TenantUsage usage(String slug) {
				throw new AssertionError("not asked");
			}
		};
		TenantSource other = new TenantSource() {

			@Override
			public TenantPage page(int page) {
				return new TenantPage(List.of(tenant("other-" + page, 5L, 5L)), page, 2, 0);
			}

			@Override
			public TenantUsage usage(String slug) {
				throw new AssertionError("not asked");
			}
		};
		this.pages.add(List.of(tenant("a", 1L, 10L)));
		UsageCollector three = collector(List.of(new ArchiveAccount("default", "aaaa", this.source),
				new ArchiveAccount("7", "bbbb", revoked), new ArchiveAccount("9", "cccc", other)));

		CollectionResult result = three.collect(this.claim);

		assertThat(totals(result)).containsExactly(3, 3, 3, 0, 0);
		assertThat(result.accounts()).containsExactly(new CollectionResult.AccountOutcome("default", "aaaa", 1, null),
				new CollectionResult.AccountOutcome("7", "bbbb", 0,
						"archive list failed with HTTP 401: Unauthenticated."),
				new CollectionResult.AccountOutcome("9", "cccc", 2, null));
		assertThat(this.published).extracting(UsageSnapshot::slug).containsExactly("a", "other-1", "other-2");
		assertThat(this.last).containsOnlyKeys("a", "other-1", "other-2");
	}

	@Test
	void anAccountThatFailsMidwayKeepsWhatItReadBeforeAndTheNextAccountIsCollected() {
		this.pages.add(List.of(tenant("a", 1L, 1L)));
		this.pages.add(List.of(tenant("b", 1L, 1L)));
		this.pages.add(List.of(tenant("c", 1L, 1L)));
		TenantSource failsOnPageThree = new TenantSource() {

			@Override
			public TenantPage page(int page) {
				if (page == 3) {
					throw new ArchiveApiException("list", ArchiveApiException.NO_STATUS, "archive list timed out", null,
							null, null);
				}
				return UsageCollectorTests.this.source.page(page);
			}

			@Override
			public TenantUsage usage(String slug) {
				return UsageCollectorTests.this.source.usage(slug);
			}
		};
		TenantSource next = new TenantSource() {

			@Override
			public TenantPage page(int page) {
				return new TenantPage(List.of(tenant("next", 2L, 2L)), 1, 1, 0);
			}

			@Override
			public TenantUsage usage(String slug) {
				throw new AssertionError("not asked");
			}
		};

		CollectionResult result = collector(
				List.of(new ArchiveAccount("default", "aaaa", failsOnPageThree), new ArchiveAccount("3", "dddd", next)))
			.collect(this.claim);

		// pages 1 and 2 of the failing account are recorded, not published again next
		// time
		assertThat(this.last).containsOnlyKeys("a", "b", "next");
		assertThat(result.accounts()).extracting(CollectionResult.AccountOutcome::tenants).containsExactly(2, 1);
		assertThat(result.failed()).extracting(CollectionResult.AccountOutcome::account).containsExactly("default");
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
		assertThat(totals(result)).containsExactly(1, 4, 1, 1, 2);
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

	private UsageCollector collector(List<ArchiveAccount> accounts) {
		return new UsageCollector(accounts,
				(source) -> new PageReader(source, 3, Duration.ofSeconds(1), Duration.ofSeconds(10), this.waits::add),
				(snapshots) -> {
					this.published.addAll(snapshots);
					return () -> {
					};
				}, this.store, new Licenses(1000), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
				UsageCollector.Listener.none(), Runnable::run, 2);
	}

	private static List<Integer> totals(CollectionResult result) {
		return List.of(result.pages(), result.tenants(), result.changed(), result.resent(), result.unchanged());
	}

	private static Tenant tenant(String slug, Long users, Long storage) {
		return new Tenant(slug, slug, "active", null, null, null, new TenantUsage(users, storage, null));
	}

}
