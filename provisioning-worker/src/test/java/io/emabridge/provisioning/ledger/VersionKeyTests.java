package io.emabridge.provisioning.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.EventVersion;

import static org.assertj.core.api.Assertions.assertThat;

class VersionKeyTests {

	@Test
	void keysSortExactlyAsVersionsDo() {
		Random random = new Random(1);
		Instant base = Instant.parse("2026-03-01T00:00:00Z");
		List<EventVersion> versions = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			// few distinct times, so that many ties are broken by the id, including ids
			// with the sign bit set
			Instant at = base.plusNanos(1_000L * random.nextInt(20)).plusSeconds(random.nextInt(3) - 1);
			versions.add(new EventVersion(at, new UUID(random.nextLong(), random.nextLong())));
		}
		versions.add(new EventVersion(Instant.parse("1969-12-31T23:59:59.999999Z"), new UUID(0, 0)));
		for (int i = 0; i < 20_000; i++) {
			EventVersion a = versions.get(random.nextInt(versions.size()));
			EventVersion b = versions.get(random.nextInt(versions.size()));
			assertThat(Integer.signum(VersionKey.of(a).compareTo(VersionKey.of(b)))).as("%s vs %s", a, b)
				.isEqualTo(Integer.signum(a.compareTo(b)));
		}
	}

	@Test
	void keysHaveAFixedWidth() {
		assertThat(VersionKey.of(new EventVersion(Instant.EPOCH, new UUID(-1, 1)))).hasSize(48).matches("[0-9a-f]+");
	}

}
