package io.emabridge.usage.collector;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;

/**
 * One collection run: every page of the tenant list, one snapshot per tenant, and only
 * the tenants whose figures changed since their last snapshot, or that WHMCS does not
 * hold (the writer gave up on them, or never wrote them), are published. A page's
 * snapshots are acknowledged by Kafka before they are recorded as the tenants' last
 * figures: a run that dies in between publishes them again next time, which the writer
 * recognises as already written, and never loses one. A page is recorded only while the
 * run still holds its claim (see {@link RunClaim}); a run that lost it stops there.
 * <p>
 * Pages are read ahead (a few at a time) and a page's acknowledgement is awaited while
 * the next page is compared, so that neither the archive's nor Kafka's round trips add up
 * page after page.
 */
public final class UsageCollector {

	private final PageReader reader;

	private final SnapshotPublisher publisher;

	private final SnapshotStore store;

	private final Licenses licenses;

	private final Clock clock;

	private final Listener listener;

	private final Executor readAheadExecutor;

	private final int readAhead;

	public UsageCollector(PageReader reader, SnapshotPublisher publisher, SnapshotStore store, Licenses licenses,
			Clock clock, Listener listener, Executor readAheadExecutor, int readAhead) {
		this.reader = reader;
		this.publisher = publisher;
		this.store = store;
		this.licenses = licenses;
		this.clock = clock;
		this.listener = listener;
		this.readAheadExecutor = readAheadExecutor;
		this.readAhead = Math.max(0, readAhead);
	}

	public CollectionResult collect(RunClaim claim) {
		Totals totals = new Totals();
		TenantPage first = this.reader.page(1);
		Deque<CompletableFuture<TenantPage>> ahead = new ArrayDeque<>();
		int nextToRequest = 2;
		PublishedPage pending = null;
		TenantPage page = first;
		try {
			for (int number = 1;; number++) {
				while (ahead.size() < this.readAhead && nextToRequest <= first.lastPage()
						&& !first.tenants().isEmpty()) {
					int requested = nextToRequest++;
					ahead.add(CompletableFuture.supplyAsync(() -> this.reader.page(requested), this.readAheadExecutor));
				}
				PublishedPage current = publish(page);
				if (pending != null) {
					record(claim, pending, totals);
				}
				pending = current;
				if (number >= first.lastPage() || page.tenants().isEmpty()) {
					break;
				}
				page = ahead.isEmpty() ? this.reader.page(number + 1) : join(ahead.poll());
			}
			record(claim, pending, totals);
		}
		finally {
			ahead.forEach((future) -> future.cancel(true));
		}
		return new CollectionResult(totals.pages, totals.tenants, totals.changed, totals.resent, totals.unchanged);
	}

	private PublishedPage publish(TenantPage page) {
		List<UsageSnapshot> snapshots = new ArrayList<>(page.tenants().size());
		for (Tenant tenant : page.tenants()) {
			if (tenant.slug() != null && !tenant.slug().isBlank()) {
				snapshots.add(snapshot(tenant));
			}
		}
		Map<String, SnapshotStore.Last> last = this.store
			.lastFigures(snapshots.stream().map(UsageSnapshot::slug).toList());
		List<UsageSnapshot> published = new ArrayList<>();
		int changed = 0;
		int resent = 0;
		for (UsageSnapshot snapshot : snapshots) {
			SnapshotStore.Last before = last.get(snapshot.slug());
			if (before == null || !snapshot.figures().equals(before.figures())) {
				published.add(snapshot);
				changed++;
			}
			else if (before.delivery().resend()) {
				published.add(snapshot);
				resent++;
			}
		}
		SnapshotPublisher.Acknowledgement acknowledgement = published.isEmpty() ? () -> {
		} : this.publisher.publishAll(published);
		return new PublishedPage(published,
				new SnapshotStore.PageCounts(snapshots.size(), changed, resent, snapshots.size() - changed - resent),
				acknowledgement);
	}

	private void record(RunClaim claim, PublishedPage page, Totals totals) {
		page.acknowledgement().await();
		SnapshotStore.PageCounts counts = page.counts();
		this.store.recordPage(claim, page.published(), counts);
		this.listener.pageDone(counts.tenants(), counts.changed(), counts.resent(), counts.unchanged());
		totals.pages++;
		totals.tenants += counts.tenants();
		totals.changed += counts.changed();
		totals.resent += counts.resent();
		totals.unchanged += counts.unchanged();
	}

	UsageSnapshot snapshot(Tenant tenant) {
		TenantUsage usage = tenant.usage();
		if (usage == null || usage.activeUsers() == null || usage.storageBytes() == null) {
			// the shorter list shape carries no usage: ask for this tenant's
			usage = this.reader.usage(tenant.slug());
		}
		long users = orZero(usage.activeUsers());
		long storage = orZero(usage.storageBytes());
		return new UsageSnapshot(tenant.slug(), tenant.status(), users, storage, usage.messageCount(),
				this.licenses.of(users, storage), this.clock.instant());
	}

	private static TenantPage join(CompletableFuture<TenantPage> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	private static long orZero(Long value) {
		return (value != null && value > 0) ? value : 0;
	}

	private record PublishedPage(List<UsageSnapshot> published, SnapshotStore.PageCounts counts,
			SnapshotPublisher.Acknowledgement acknowledgement) {
	}

	private static final class Totals {

		int pages;

		int tenants;

		int changed;

		int resent;

		int unchanged;

	}

	/** Told after each page, for metrics. */
	@FunctionalInterface
	public interface Listener {

		void pageDone(int tenants, int changed, int resent, int unchanged);

		static Listener none() {
			return (tenants, changed, resent, unchanged) -> {
			};
		}

	}

}
