package io.emabridge.usage.writer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.emabridge.testsupport.MutableClock;
import io.emabridge.usage.collector.UsageSnapshot;
import io.emabridge.usage.collector.UsageSnapshotJson;
import io.emabridge.usage.failure.DeadLetterReason;
import io.emabridge.usage.failure.UsageFailure;
import io.emabridge.usage.metrics.UsageMetrics;
import io.emabridge.usage.tenantstate.InMemoryTenantDirectory;
import io.emabridge.usage.tenantstate.TenantDirectory;
import io.emabridge.usage.tenantstate.TenantStateRecord;
import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The writer's rules as plain-Java scenarios against fakes of its ports: what it writes
 * into WHMCS, what it skips, what it keeps for later, and how it classifies what went
 * wrong. The same writer against Kafka, PostgreSQL and the WHMCS sandbox is tested in
 * {@code UsageSyncTests}.
 */
class UsageWriterTests {

	private static final long MIB = 1024L * 1024L;

	private static final Instant T0 = Instant.parse("2026-05-01T02:00:00Z");

	private final MutableClock clock = new MutableClock(T0);

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	private final InMemoryWrittenUsageStore written = new InMemoryWrittenUsageStore();

	private final InMemoryUnknownTenants unknown = new InMemoryUnknownTenants(this.clock);

	private final FakeWhmcs whmcs = new FakeWhmcs();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final UsageWriter writer = new UsageWriter(this.directory, this.written, this.unknown, this.whmcs,
			new UsageMetrics(this.registry));

	@Test
	void writesATenantsFiguresIntoItsServiceAndRecordsThem() {
		service(101, "acme");

		this.writer.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0))));

		assertThat(this.whmcs.services).containsEntry(101L, new WrittenUsage(5, 3, 4));
		assertThat(this.written.of(101)).isEqualTo(new WrittenUsageStore.Written(new WrittenUsage(5, 3, 4), T0));
		assertThat(outcome("written")).isOne();
	}

	@Test
	void storageIsWrittenInWholeMegabytesRoundedUp() {
		service(101, "acme");

		this.writer.writeAll(List.of(json(snapshot("acme", 1, 5 * MIB + 1, 1, T0))));

		assertThat(this.whmcs.services.get(101L).diskUsageMegabytes()).isEqualTo(6);
	}

	@Test
	void aTenantWithTwoServicesIsWrittenIntoBoth() {
		service(101, "acme");
		service(102, "acme");

		this.writer.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0))));

		assertThat(this.whmcs.calls).hasSize(2);
		assertThat(this.whmcs.services).containsOnlyKeys(101L, 102L);
		assertThat(outcome("written")).isEqualTo(2);
	}

	@Test
	void figuresTheServiceAlreadyHoldsAreNotWrittenAgain() {
		service(101, "acme");
		this.writer.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0))));

		// the same figures collected a day later: a status or a message count changed,
		// nothing WHMCS takes
		UsageSnapshot later = new UsageSnapshot("acme", "suspended", 3, 5 * MIB, 999L, 4, T0.plusSeconds(86_400));
		this.writer.writeAll(List.of(json(later)));

		assertThat(this.whmcs.calls).hasSize(1);
		assertThat(outcome("unchanged")).isOne();
		assertThat(this.written.of(101).collectedAt()).isEqualTo(T0);
	}

	@Test
	void changedFiguresAreWritten() {
		service(101, "acme");
		this.writer.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0))));

		this.writer.writeAll(List.of(json(snapshot("acme", 4, 5 * MIB, 4, T0.plusSeconds(86_400)))));

		assertThat(this.whmcs.services).containsEntry(101L, new WrittenUsage(5, 4, 4));
		assertThat(this.written.of(101).collectedAt()).isEqualTo(T0.plusSeconds(86_400));
		assertThat(outcome("written")).isEqualTo(2);
	}

	@Test
	void aSnapshotOlderThanWhatTheServiceHoldsIsSkipped() {
		service(101, "acme");
		this.writer.writeAll(List.of(json(snapshot("acme", 4, 5 * MIB, 4, T0))));

		// a dead letter of the day before, replayed
		this.writer.writeAll(List.of(json(snapshot("acme", 2, 1 * MIB, 2, T0.minusSeconds(86_400)))));

		assertThat(this.whmcs.calls).hasSize(1);
		assertThat(this.whmcs.services).containsEntry(101L, new WrittenUsage(5, 4, 4));
		assertThat(outcome("unchanged")).isOne();
	}

	@Test
	void withinABatchEachSnapshotIsComparedWithTheOneWrittenBeforeIt() {
		service(101, "acme");

		this.writer.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0)),
				json(snapshot("acme", 3, 5 * MIB, 4, T0.plusSeconds(60))),
				json(snapshot("acme", 1, 1 * MIB, 1, T0.minusSeconds(60))),
				json(snapshot("acme", 5, 5 * MIB, 5, T0.plusSeconds(120)))));

		assertThat(this.whmcs.calls).containsExactly("101 " + new WrittenUsage(5, 3, 4),
				"101 " + new WrittenUsage(5, 5, 5));
		assertThat(this.written.of(101))
			.isEqualTo(new WrittenUsageStore.Written(new WrittenUsage(5, 5, 5), T0.plusSeconds(120)));
		assertThat(outcome("unchanged")).isEqualTo(2);
	}

	@Test
	void aTenantNoServiceIsKnownForIsKeptNotDroppedAndTheNewestSnapshotWins() {
		byte[] first = json(snapshot("orphan", 1, MIB, 1, T0));
		byte[] second = json(snapshot("orphan", 2, MIB, 2, T0.plusSeconds(60)));

		this.writer.writeAll(List.of(first));
		this.clock.advance(Duration.ofMinutes(1));
		this.writer.writeAll(List.of(second));

		assertThat(this.whmcs.calls).isEmpty();
		assertThat(this.unknown.snapshotsOf(List.of("orphan"))).containsOnlyKeys("orphan");
		assertThat(this.unknown.snapshotsOf(List.of("orphan")).get("orphan")).isEqualTo(second);
		assertThat(this.unknown.list(10)).singleElement()
			.isEqualTo(new UnknownTenants.Unknown("orphan", T0, T0.plusSeconds(60), 2));
		assertThat(outcome("unknown_tenant")).isEqualTo(2);
	}

	@Test
	void aServiceIsFoundByTheNewestTenantStateOnly() {
		this.directory.apply(List.of(state(101, "old-name", T0), state(101, "new-name", T0.plusSeconds(1)),
				state(101, "stale-name", T0.minusSeconds(1))));

		this.writer.writeAll(List.of(json(snapshot("old-name", 1, MIB, 1, T0)),
				json(snapshot("new-name", 2, MIB, 2, T0)), json(snapshot("stale-name", 3, MIB, 3, T0))));

		assertThat(this.whmcs.calls).containsExactly("101 " + new WrittenUsage(1, 2, 2));
		assertThat(this.unknown.count()).isEqualTo(2);
	}

	@Test
	void aRecordThatIsNoSnapshotFailsForGoodAfterThoseBeforeItAreWrittenAndRecorded() {
		service(101, "acme");
		service(102, "beta");
		List<byte[]> batch = List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0)),
				"{\"slug\":\"beta\"".getBytes(StandardCharsets.UTF_8), json(snapshot("beta", 1, MIB, 1, T0)));

		UsageWriter.FailedRecord failed = catchThrowableOfType(UsageWriter.FailedRecord.class,
				() -> this.writer.writeAll(batch));

		assertThat(failed.index()).isOne();
		assertThat(failed.getCause()).isInstanceOfSatisfying(UsageFailure.class, (failure) -> {
			assertThat(failure.isPermanent()).isTrue();
			assertThat(failure.reason()).isEqualTo(DeadLetterReason.INVALID_SNAPSHOT);
		});
		assertThat(this.whmcs.calls).containsExactly("101 " + new WrittenUsage(5, 3, 4));
		assertThat(this.written.of(101)).isNotNull();
		assertThat(this.written.of(102)).isNull();
	}

	@Test
	void aWriteWhmcsRefusesForGoodIsPermanentAndNamesTheService() {
		service(101, "acme");
		this.whmcs.failNext.put(101L, FakeWhmcs.refused("Custom field 15 not found"));

		UsageWriter.FailedRecord failed = catchThrowableOfType(UsageWriter.FailedRecord.class,
				() -> this.writer.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0)))));

		assertThat(failed.index()).isZero();
		assertThat(failed.getCause()).isInstanceOfSatisfying(UsageFailure.class, (failure) -> {
			assertThat(failure.isPermanent()).isTrue();
			assertThat(failure.reason()).isEqualTo(DeadLetterReason.WHMCS_REJECTED);
			assertThat(failure.getMessage()).contains("Custom field 15 not found").contains("service 101");
		});
		assertThat(this.written.of(101)).isNull();
	}

	@Test
	void whmcsUnreachableIsTransientAndTheRecordIsWrittenOnTheNextDelivery() {
		service(101, "acme");
		service(102, "beta");
		this.whmcs.failNext.put(102L, FakeWhmcs.unavailable());
		List<byte[]> batch = List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0)), json(snapshot("beta", 1, MIB, 1, T0)));

		UsageWriter.FailedRecord failed = catchThrowableOfType(UsageWriter.FailedRecord.class,
				() -> this.writer.writeAll(batch));

		assertThat(failed.index()).isOne();
		assertThat(UsageFailure.find(failed))
			.hasValueSatisfying((failure) -> assertThat(failure.isPermanent()).isFalse());
		assertThat(this.written.of(101)).as("written before the failure, recorded").isNotNull();

		// the error handler delivers the failing record and those after it again
		this.writer.writeAll(batch.subList(failed.index(), batch.size()));

		assertThat(this.whmcs.services).containsOnlyKeys(101L, 102L);
		assertThat(this.whmcs.calls).hasSize(3);
	}

	@Test
	void refusedCredentialsAreAnOutageAndRetriedNotDeadLettered() {
		service(101, "acme");
		this.whmcs.failNext.put(101L, FakeWhmcs.credentialsRefused());

		UsageWriter.FailedRecord failed = catchThrowableOfType(UsageWriter.FailedRecord.class,
				() -> this.writer.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0)))));

		assertThat(UsageFailure.isPermanentFailure(failed)).isFalse();
		assertThat(UsageFailure.find(failed)).isPresent();
	}

	@Test
	void aDatabaseThatCannotRecordTheBatchFailsItsLastRecordAsTransient() {
		service(101, "acme");
		service(102, "beta");
		this.written.failNextRecord = new IllegalStateException("connection refused");
		List<byte[]> batch = List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0)), json(snapshot("beta", 1, MIB, 1, T0)));

		UsageWriter.FailedRecord failed = catchThrowableOfType(UsageWriter.FailedRecord.class,
				() -> this.writer.writeAll(batch));

		assertThat(failed.index()).isOne();
		assertThat(UsageFailure.find(failed)).isEmpty();
		assertThat(failed.getCause()).hasMessage("connection refused");

		// delivered again: WHMCS gets the same figures once more, harmless, and now they
		// are recorded
		this.writer.writeAll(batch.subList(failed.index(), batch.size()));
		assertThat(this.written.of(102)).isNotNull();
	}

	@Test
	void aRecordFailureAfterAFailedWriteIsKeptBesideIt() {
		service(101, "acme");
		service(102, "beta");
		this.whmcs.failNext.put(102L, FakeWhmcs.refused("Custom field 15 not found"));
		this.written.failNextRecord = new IllegalStateException("connection refused");

		UsageWriter.FailedRecord failed = catchThrowableOfType(UsageWriter.FailedRecord.class, () -> this.writer
			.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0)), json(snapshot("beta", 1, MIB, 1, T0)))));

		assertThat(failed.index()).isOne();
		assertThat(UsageFailure.isPermanentFailure(failed)).isTrue();
		assertThat(failed.getCause().getSuppressed()).singleElement()
			.satisfies((suppressed) -> assertThat(suppressed).hasMessage("connection refused"));
	}

	@Test
	void aDirectoryThatCannotBeReadFailsTheFirstRecordAsTransient() {
		UsageWriter writer = new UsageWriter(new UnreadableDirectory(), this.written, this.unknown, this.whmcs,
				new UsageMetrics(this.registry));

		UsageWriter.FailedRecord failed = catchThrowableOfType(UsageWriter.FailedRecord.class,
				() -> writer.writeAll(List.of(json(snapshot("acme", 3, 5 * MIB, 4, T0)))));

		assertThat(failed.index()).isZero();
		assertThat(UsageFailure.find(failed)).isEmpty();
		assertThat(this.whmcs.calls).isEmpty();
	}

	private void service(long serviceId, String slug) {
		this.directory.apply(List.of(state(serviceId, slug, T0.minusSeconds(3600))));
	}

	private static TenantStateRecord state(long serviceId, String slug, Instant occurredAt) {
		return new TenantStateRecord(serviceId, slug, "https://" + slug + ".archive.example.test", "active", occurredAt,
				UUID.randomUUID(), occurredAt);
	}

	private static UsageSnapshot snapshot(String slug, long users, long storageBytes, long licenses,
			Instant collectedAt) {
		return new UsageSnapshot(slug, "active", users, storageBytes, null, licenses, collectedAt);
	}

	private static byte[] json(UsageSnapshot snapshot) {
		return UsageSnapshotJson.write(snapshot);
	}

	private long outcome(String outcome) {
		return (long) this.registry.get("ema.usage.whmcs.writes").tag("outcome", outcome).counter().count();
	}

	/** A directory whose database is away. */
	private static final class UnreadableDirectory implements TenantDirectory {

		@Override
		public int apply(List<TenantStateRecord> records) {
			throw new IllegalStateException("database unavailable");
		}

		@Override
		public Map<String, List<Long>> servicesOf(Collection<String> slugs) {
			throw new IllegalStateException("database unavailable");
		}

	}

}
