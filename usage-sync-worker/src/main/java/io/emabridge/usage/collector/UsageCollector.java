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
import java.util.function.Function;

import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.Tenant;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;

/**
 * One collection run: every page of every reseller account's tenant list, one snapshot
 * per tenant, and only the tenants whose figures changed since their last snapshot, or
 * that WHMCS does not hold (the writer gave up on them, or never wrote them), are
 * published. A page's snapshots are acknowledged by Kafka before they are recorded as the
 * tenants' last figures: a run that dies in between publishes them again next time, which
 * the writer recognises as already written, and never loses one. A page is recorded only
 * while the run still holds its claim (see {@link RunClaim}); a run that lost it stops
 * there.
 * <p>
 * Pages are read ahead (a few at a time) and a page's acknowledgement is awaited while
 * the next page is compared, so that neither the archive's nor Kafka's round trips add up
 * page after page.
 */
public final class UsageCollector {

	private final List<AccountReader> accounts;

	private final SnapshotPublisher publisher;

	private final SnapshotStore store;

	private final Licenses licenses;

	private final Clock clock;

	private final Listener listener;

	private final Executor readAheadExecutor;

	private final int readAhead;

	/**
	 * A collector of these accounts.
	 * @param accounts every reseller account, read in this order
	 * @param readers the reader (with its retries) of an account's tenant source
	 */
	public UsageCollector(List<ArchiveAccount> accounts, Function<TenantSource, PageReader> readers,
			SnapshotPublisher publisher, SnapshotStore store, Licenses licenses, Clock clock, Listener listener,
			Executor readAheadExecutor, int readAhead) {
		this.accounts = accounts.stream()
			.map((account) -> new AccountReader(account, readers.apply(account.source())))
			.toList();
		this.publisher = publisher;
		this.store = store;
		this.licenses = licenses;
		this.clock = clock;
		this.listener = listener;
		this.readAheadExecutor = readAheadExecutor;
		this.readAhead = Math.max(0, readAhead);
	}

	/**
	 * Collects every account, one after the other. An account the archive refuses or does
	 * not answer (a revoked key, a timeout past the page retries) ends that account's
	 * part only: its pages read so far are recorded, the other accounts are still
	 * collected, and the result says which failed. Anything else (Kafka, the database, a
	 * lost claim) ends the run.
	 */
	public CollectionResult collect(RunClaim claim) {
		Totals totals = new Totals();
		List<CollectionResult.AccountOutcome> outcomes = new ArrayList<>();
		for (AccountReader account : this.accounts) {
			int before = totals.tenants;
			String error = null;
			try {
				collect(claim, account.reader(), totals);
			}
			catch (ArchiveApiException ex) {
				error = ex.getMessage();
			}
			outcomes.add(new CollectionResult.AccountOutcome(account.account().id(), account.account().key(),
					totals.tenants - before, error));
		}
		return new CollectionResult(totals.pages, totals.tenants, totals.changed, totals.resent, totals.unchanged,
				outcomes);
	}

	private void collect(RunClaim claim, PageReader reader, Totals totals) {
		TenantPage first = reader.page(1);
		Deque<CompletableFuture<TenantPage>> ahead = new ArrayDeque<>();
		int nextToRequest = 2;
		PublishedPage pending = null;
		TenantPage page = first;
		try {
			for (int number = 1;; number++) {
				while (ahead.size() < this.readAhead && nextToRequest <= first.lastPage()
						&& !first.tenants().isEmpty()) {
					int requested = nextToRequest++;
					ahead.add(CompletableFuture.supplyAsync(() -> reader.page(requested), this.readAheadExecutor));
				}
				PublishedPage current = publish(page, reader);
				if (pending != null) {
					record(claim, pending, totals);
				}
				pending = current;
				if (number >= first.lastPage() || page.tenants().isEmpty()) {
					break;
				}
				page = ahead.isEmpty() ? reader.page(number + 1) : join(ahead.poll());
			}
			record(claim, pending, totals);
		}
		catch (ArchiveApiException ex) {
			// the archive gave up on this account midway: what it read so far still
			// counts
			if (pending != null) {
				record(claim, pending, totals);
			}
			throw ex;
		}
		finally {
			ahead.forEach((future) -> future.cancel(true));
		}
	}

	private PublishedPage publish(TenantPage page, PageReader reader) {
		List<UsageSnapshot> snapshots = new ArrayList<>(page.tenants().size());
		for (Tenant tenant : page.tenants()) {
			if (tenant.slug() != null && !tenant.slug().isBlank()) {
				snapshots.add(snapshot(tenant, reader));
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

	private UsageSnapshot snapshot(Tenant tenant, PageReader reader) {
		TenantUsage usage = tenant.usage();
		if (usage == null || usage.activeUsers() == null || usage.storageBytes() == null) {
			// the shorter list shape carries no usage: ask for this tenant's
			usage = reader.usage(tenant.slug());
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

	private record AccountReader(ArchiveAccount account, PageReader reader) {
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
