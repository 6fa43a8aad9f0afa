package io.emabridge.usage.collector;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageSnapshotJsonTests {

	private static final Instant AT = Instant.parse("2026-11-27T02:00:01.123456Z");

	@Test
	void pinsTheJson() {
		UsageSnapshot snapshot = new UsageSnapshot("acme", "active", 12, 5_000_000_000L, 4000L, 12, AT);

		assertThat(new String(UsageSnapshotJson.write(snapshot), StandardCharsets.UTF_8))
			.isEqualTo("{\"slug\":\"acme\",\"status\":\"active\",\"activeUsers\":12,\"storageBytes\":5000000000,"
					+ "\"messages\":4000,\"licenses\":12,\"collectedAt\":\"2026-11-27T02:00:01.123456Z\"}");
	}

	@Test
	void roundTripsWithAndWithoutMessages() {
		UsageSnapshot with = new UsageSnapshot("acme", "active", 12, 5_000_000_000L, 4000L, 12, AT);
		UsageSnapshot without = new UsageSnapshot("acme", "suspended", 0, 0, null, 0, AT);

		assertThat(UsageSnapshotJson.read(UsageSnapshotJson.write(with))).isEqualTo(with);
		assertThat(UsageSnapshotJson.read(UsageSnapshotJson.write(without))).isEqualTo(without);
	}

	@Test
	void namesWhatIsWrong() {
		assertThatThrownBy(() -> read("")).hasMessage("invalid usage snapshot: empty record");
		assertThatThrownBy(() -> read("{")).hasMessageStartingWith("invalid usage snapshot: not JSON");
		assertThatThrownBy(() -> read("[]")).hasMessage("invalid usage snapshot: not a JSON object");
		assertThatThrownBy(() -> read("{\"slug\":\"a\",\"activeUsers\":\"x\"}"))
			.hasMessage("invalid usage snapshot: activeUsers must be a whole number");
		assertThatThrownBy(() -> read(
				"{\"activeUsers\":1,\"storageBytes\":1,\"licenses\":1," + "\"collectedAt\":\"2026-11-27T02:00:00Z\"}"))
			.hasMessage("invalid usage snapshot: slug is required");
		assertThatThrownBy(() -> read("{\"slug\":\"a\",\"activeUsers\":-1,\"storageBytes\":1,\"licenses\":1,"
				+ "\"collectedAt\":\"2026-11-27T02:00:00Z\"}"))
			.hasMessage("invalid usage snapshot: usage figures must not be negative");
		assertThatThrownBy(() -> read("{\"slug\":\"a\",\"activeUsers\":1,\"storageBytes\":1,\"licenses\":1,"
				+ "\"collectedAt\":\"yesterday\"}"))
			.hasMessage("invalid usage snapshot: collectedAt must be an RFC 3339 time");
	}

	@Test
	void diskUsageIsInWholeMegabytesRoundedUp() {
		assertThat(new UsageSnapshot("a", null, 0, 0, null, 0, AT).diskUsageMegabytes()).isZero();
		assertThat(new UsageSnapshot("a", null, 0, 1, null, 0, AT).diskUsageMegabytes()).isEqualTo(1);
		assertThat(new UsageSnapshot("a", null, 0, 1_048_576, null, 0, AT).diskUsageMegabytes()).isEqualTo(1);
		assertThat(new UsageSnapshot("a", null, 0, 1_048_577, null, 0, AT).diskUsageMegabytes()).isEqualTo(2);
	}

	private static UsageSnapshot read(String json) {
		return UsageSnapshotJson.read(json.getBytes(StandardCharsets.UTF_8));
	}

}
