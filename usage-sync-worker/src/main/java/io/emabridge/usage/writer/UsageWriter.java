package io.emabridge.usage.writer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.usage.collector.UsageSnapshot;
import io.emabridge.usage.collector.UsageSnapshotJson;
import io.emabridge.usage.failure.DeadLetterReason;
import io.emabridge.usage.failure.UsageFailure;
import io.emabridge.usage.metrics.UsageMetrics;
import io.emabridge.usage.metrics.UsageMetrics.WriteOutcome;
import io.emabridge.usage.tenantstate.TenantDirectory;
import io.emabridge.usage.whmcs.UsageTarget;
import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

/**
 * Writes snapshots into the WHMCS service(s) of their tenants: not at all when the
 * service already shows these figures or newer ones, and never silently dropped when no
 * service is known for a tenant. A poll batch is looked up with one query per table and
 * recorded with one statement, so the database costs little next to the WHMCS calls.
 */
public class UsageWriter {

	private static final Logger log = LoggerFactory.getLogger(UsageWriter.class);

	private final TenantDirectory directory;

	private final WrittenUsageStore written;

	private final UnknownTenants unknown;

	private final UsageTarget target;

	private final UsageMetrics metrics;

	public UsageWriter(TenantDirectory directory, WrittenUsageStore written, UnknownTenants unknown, UsageTarget target,
			UsageMetrics metrics) {
		this.directory = directory;
		this.written = written;
		this.unknown = unknown;
		this.target = target;
		this.metrics = metrics;
	}

	/**
	 * Writes the records in order. Everything before a failing record is written and
	 * recorded before the failure is thrown, so that only the failing record and those
	 * after it need another delivery.
	 * @throws FailedRecord naming the index of the record that failed, with a
	 * {@link UsageFailure} (permanent for a record that is no snapshot or that WHMCS
	 * refuses, transient when WHMCS may take it later) or whatever else went wrong (the
	 * database, most likely: transient)
	 */
	public void writeAll(List<byte[]> records) {
		List<WrittenUsageStore.Write> done = new ArrayList<>();
		int index = 0;
		try {
			List<UsageSnapshot> snapshots = new ArrayList<>(records.size());
			for (byte[] record : records) {
				snapshots.add(parseOrNull(record));
			}
			List<String> slugs = snapshots.stream()
				.filter(Objects::nonNull)
				.map(UsageSnapshot::slug)
				.distinct()
				.toList();
			Map<String, List<Long>> services = this.directory.servicesOf(slugs);
			Map<Long, WrittenUsageStore.Written> before = this.written
				.find(services.values().stream().flatMap(List::stream).toList());
			for (; index < records.size(); index++) {
				UsageSnapshot snapshot = snapshots.get(index);
				if (snapshot == null) {
					UsageSnapshotJson.read(records.get(index)); // throws, naming what is
																// wrong
				}
				List<Long> ids = services.getOrDefault(snapshot.slug(), List.of());
				if (ids.isEmpty()) {
					keepUnknown(snapshot, records.get(index));
					continue;
				}
				for (long serviceId : ids) {
					write(serviceId, snapshot, before, done);
				}
			}
		}
		catch (RuntimeException ex) {
			RuntimeException failure = classify(ex);
			try {
				this.written.recordAll(done);
			}
			catch (RuntimeException recordFailure) {
				// those writes will be made again: harmless, WHMCS gets the same figures
				failure.addSuppressed(recordFailure);
			}
			throw new FailedRecord(index, failure);
		}
		try {
			this.written.recordAll(done);
		}
		catch (RuntimeException ex) {
			throw new FailedRecord(records.size() - 1, ex);
		}
	}

	private void write(long serviceId, UsageSnapshot snapshot, Map<Long, WrittenUsageStore.Written> before,
			List<WrittenUsageStore.Write> done) {
		WrittenUsage usage = snapshot.figures().whmcsUsage();
		WrittenUsageStore.Written last = before.get(serviceId);
		if (last != null && (last.usage().equals(usage) || last.collectedAt().isAfter(snapshot.collectedAt()))) {
			this.metrics.write(WriteOutcome.UNCHANGED);
			return;
		}
		try {
			this.target.write(serviceId, usage);
		}
		catch (WhmcsApiException ex) {
			// refused credentials are an outage an administrator ends: retried like one,
			// not dead-lettered at once
			if (ex.isRetriable() || ex.isAuthenticationFailure()) {
				throw UsageFailure.transientFailure(ex.getMessage(), ex);
			}
			throw UsageFailure.permanent(DeadLetterReason.WHMCS_REJECTED,
					ex.getMessage() + " (service " + serviceId + ")", ex);
		}
		WrittenUsageStore.Written now = new WrittenUsageStore.Written(usage, snapshot.collectedAt());
		before.put(serviceId, now);
		done.add(new WrittenUsageStore.Write(serviceId, snapshot.slug(), now));
		this.metrics.write(WriteOutcome.WRITTEN);
	}

	private void keepUnknown(UsageSnapshot snapshot, byte[] record) {
		if (this.unknown.record(snapshot.slug(), record)) {
			log.warn("Usage of tenant {} kept: no WHMCS service is known for it (yet)", snapshot.slug());
		}
		this.metrics.write(WriteOutcome.UNKNOWN_TENANT);
	}

	private static UsageSnapshot parseOrNull(byte[] record) {
		try {
			return UsageSnapshotJson.read(record);
		}
		catch (UsageSnapshotJson.InvalidSnapshotException ex) {
			return null;
		}
	}

	private static RuntimeException classify(RuntimeException ex) {
		if (ex instanceof UsageSnapshotJson.InvalidSnapshotException invalid) {
			return UsageFailure.permanent(DeadLetterReason.INVALID_SNAPSHOT, invalid.getMessage(), invalid);
		}
		return ex;
	}

	/** The record at {@code index} of a batch failed; those before it are done. */
	public static final class FailedRecord extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int index;

		FailedRecord(int index, RuntimeException cause) {
			super(cause.getMessage(), cause);
			this.index = index;
		}

		public int index() {
			return this.index;
		}

	}

}
