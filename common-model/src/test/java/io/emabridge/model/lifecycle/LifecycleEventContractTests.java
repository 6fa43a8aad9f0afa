package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the v1 wire format: each fixture is what producers send today, so a change that
 * breaks one of these tests breaks running producers or consumers.
 */
class LifecycleEventContractTests {

	private static final ServiceCreated CREATED = new ServiceCreated(
			UUID.fromString("0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11"), Instant.parse("2026-11-26T19:31:08.123456Z"), 4711,
			815L, 7L, 2L, "shop.acme.co.uk",
			new Client("Müller & Söhne GmbH", "Jörg", "Müller", "joerg.mueller@acme.co.uk"),
			new ProductOptions("mycompany-", true, "acme-corp", "business"));

	private static final ServiceSuspended SUSPENDED = new ServiceSuspended(
			UUID.fromString("6f1c2a3b-8d4e-4f50-a1b2-c3d4e5f60718"), Instant.parse("2026-12-03T08:00:00Z"), 4711, 815L,
			7L, 2L, "Overdue on payment: invoice #1234 \"December\"");

	private static final ServiceUnsuspended UNSUSPENDED = new ServiceUnsuspended(
			UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"), Instant.parse("2026-12-04T10:15:30.5Z"), 4711,
			815L, 7L, 2L);

	private static final ServiceTerminated TERMINATED = new ServiceTerminated(
			UUID.fromString("f0e1d2c3-b4a5-4968-8776-655443322110"), Instant.parse("2027-01-31T23:59:59.999999Z"), 4711,
			null, null, null);

	@Test
	void createFixtureReadsAsServiceCreated() {
		assertThat(LifecycleEventJson.read(Fixtures.bytes("service-create.json"))).isEqualTo(CREATED);
	}

	@Test
	void serviceCreatedWritesAsCreateFixture() {
		assertThat(Fixtures.tree(LifecycleEventJson.write(CREATED))).isEqualTo(Fixtures.tree("service-create.json"));
	}

	@Test
	void createFixtureMatchesSchema() {
		assertThat(LifecycleEventJson.validate(Fixtures.bytes("service-create.json"))).isEmpty();
	}

	@Test
	void suspendFixtureReadsAsServiceSuspended() {
		assertThat(LifecycleEventJson.read(Fixtures.bytes("service-suspend.json"))).isEqualTo(SUSPENDED);
	}

	@Test
	void serviceSuspendedWritesAsSuspendFixture() {
		assertThat(Fixtures.tree(LifecycleEventJson.write(SUSPENDED))).isEqualTo(Fixtures.tree("service-suspend.json"));
	}

	@Test
	void suspendFixtureMatchesSchema() {
		assertThat(LifecycleEventJson.validate(Fixtures.bytes("service-suspend.json"))).isEmpty();
	}

	@Test
	void unsuspendFixtureReadsAsServiceUnsuspended() {
		assertThat(LifecycleEventJson.read(Fixtures.bytes("service-unsuspend.json"))).isEqualTo(UNSUSPENDED);
	}

	@Test
	void serviceUnsuspendedWritesAsUnsuspendFixture() {
		assertThat(Fixtures.tree(LifecycleEventJson.write(UNSUSPENDED)))
			.isEqualTo(Fixtures.tree("service-unsuspend.json"));
	}

	@Test
	void unsuspendFixtureMatchesSchema() {
		assertThat(LifecycleEventJson.validate(Fixtures.bytes("service-unsuspend.json"))).isEmpty();
	}

	@Test
	void terminateFixtureReadsAsServiceTerminated() {
		assertThat(LifecycleEventJson.read(Fixtures.bytes("service-terminate.json"))).isEqualTo(TERMINATED);
	}

	@Test
	void serviceTerminatedWritesAsTerminateFixture() {
		assertThat(Fixtures.tree(LifecycleEventJson.write(TERMINATED)))
			.isEqualTo(Fixtures.tree("service-terminate.json"));
	}

	@Test
	void terminateFixtureMatchesSchema() {
		assertThat(LifecycleEventJson.validate(Fixtures.bytes("service-terminate.json"))).isEmpty();
	}

	@Test
	void everyWrittenEventMatchesSchema() {
		for (LifecycleEvent event : new LifecycleEvent[] { CREATED, SUSPENDED, UNSUSPENDED, TERMINATED }) {
			assertThat(LifecycleEventJson.validate(LifecycleEventJson.write(event))).as(event.type().wireName())
				.isEmpty();
		}
	}

	@Test
	void fixturesCarryTheWireNameOfTheirRecordType() {
		assertThat(Fixtures.tree("service-create.json").get("type").asString()).isEqualTo(CREATED.type().wireName());
		assertThat(Fixtures.tree("service-suspend.json").get("type").asString()).isEqualTo(SUSPENDED.type().wireName());
		assertThat(Fixtures.tree("service-unsuspend.json").get("type").asString())
			.isEqualTo(UNSUSPENDED.type().wireName());
		assertThat(Fixtures.tree("service-terminate.json").get("type").asString())
			.isEqualTo(TERMINATED.type().wireName());
	}

}
