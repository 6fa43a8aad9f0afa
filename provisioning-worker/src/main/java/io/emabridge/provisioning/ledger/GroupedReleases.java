package io.emabridge.provisioning.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gives claims up in groups, as a database commits in groups: while one thread writes the
 * releases queued so far in one statement, the releases that arrive meanwhile queue, and
 * the first of them writes them all once that statement is done. No thread waits for a
 * timer, and none returns before its own release is written; under load the applier's
 * last statement per service costs one round trip for many services.
 * <p>
 * Each row is still guarded by its claim's token, and the rows are locked in service id
 * order, the order in which the listener locks a batch's services, so that a group never
 * deadlocks with a batch being recorded.
 */
final class GroupedReleases {

	private final JdbcTemplate template;

	private final Object lock = new Object();

	private List<Release> queue = new ArrayList<>();

	private boolean writing;

	GroupedReleases(JdbcTemplate template) {
		this.template = template;
	}

	/**
	 * Releases the claim, recording the tenant state published ({@code null}: none), once
	 * it is written.
	 */
	void release(Claim claim, UUID published, Instant now) {
		Release mine = new Release(claim, published, now);
		List<Release> group;
		boolean interrupted = false;
		synchronized (this.lock) {
			this.queue.add(mine);
			while (this.writing && !mine.done) {
				try {
					this.lock.wait();
				}
				catch (InterruptedException ex) {
					// the release is queued: it is written whatever happens, and the
					// interrupt is kept for the caller
					interrupted = true;
				}
			}
			if (!mine.done) {
				this.writing = true;
				group = this.queue;
				this.queue = new ArrayList<>();
			}
			else {
				group = null;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		if (group != null) {
			RuntimeException failure = null;
			try {
				write(group);
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			synchronized (this.lock) {
				for (Release release : group) {
					release.failure = failure;
					release.done = true;
				}
				this.writing = false;
				this.lock.notifyAll();
			}
		}
		if (mine.failure != null) {
			throw mine.failure;
		}
	}

	private void write(List<Release> group) {
		group.sort(Comparator.comparingLong((Release release) -> release.claim.serviceId()));
		Columns columns = new Columns(group.size(), 4);
		for (Release release : group) {
			columns.add(release.claim.serviceId(), release.claim.token(), release.published, release.now.toString());
		}
		this.template.update((Connection connection) -> {
			PreparedStatement ps = connection.prepareStatement("with c as (select * from unnest(?::bigint[],"
					+ " ?::bigint[], ?::uuid[], ?::timestamptz[]) as c(service_id, token, published, at)),"
					+ " locked as (select s.service_id from service s join c on c.service_id = s.service_id"
					+ " and c.token = s.claim_token order by s.service_id for update of s)"
					+ " update service s set published_event_id = coalesce(c.published, s.published_event_id),"
					+ " publish_attempts = case when c.published is null then s.publish_attempts else 0 end,"
					+ " error_attempts = 0, claimed_by = null, claimed_until = null, claim_token = null,"
					+ " updated_at = c.at from c where s.service_id = c.service_id and s.claim_token = c.token"
					+ " and s.service_id in (select service_id from locked)");
			columns.bind(ps, 1, "int8", "int8", "uuid", "text");
			return ps;
		});
	}

	/** One claim to give up, and what became of it. */
	private static final class Release {

		private final Claim claim;

		private final UUID published;

		private final Instant now;

		private boolean done;

		private RuntimeException failure;

		Release(Claim claim, UUID published, Instant now) {
			this.claim = claim;
			this.published = published;
			this.now = now;
		}

	}

}
