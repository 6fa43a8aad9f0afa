package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaShareTests {

	private static final Duration EXPIRY = Duration.ofSeconds(6);

	private final TreeSet<String> alive = new TreeSet<>();

	private boolean down;

	private final QuotaShare.Members members = new QuotaShare.Members() {

		@Override
		public List<String> alive(String key, String instance, Duration expiry) {
			if (QuotaShareTests.this.down) {
				throw new IllegalStateException("database away");
			}
			QuotaShareTests.this.alive.add(instance);
			return new ArrayList<>(QuotaShareTests.this.alive);
		}

		@Override
		public void leave(String key, String instance) {
			QuotaShareTests.this.alive.remove(instance);
		}

	};

	@Test
	void thePartsAddUpToTheRateExactly() {
		for (int count = 1; count <= 7; count++) {
			int sum = 0;
			for (int index = 0; index < count; index++) {
				int part = QuotaShare.part(50, count, index);
				assertThat(part).isBetween(50 / count, 50 / count + 1);
				sum += part;
			}
			assertThat(sum).as("%d instances", count).isEqualTo(50);
		}
	}

	@Test
	void threeInstancesSendAtMostTheRateBetweenThemAndTakeOverTheShareOfOneThatLeaves() {
		AdaptiveRateLimiter a = limiter();
		AdaptiveRateLimiter b = limiter();
		AdaptiveRateLimiter c = limiter();
		QuotaShare first = new QuotaShare(this.members, a, "k", "a", EXPIRY);
		QuotaShare second = new QuotaShare(this.members, b, "k", "b", EXPIRY);
		QuotaShare third = new QuotaShare(this.members, c, "k", "c", EXPIRY);
		List.of(first, second, third).forEach(QuotaShare::refresh);
		List.of(first, second, third).forEach(QuotaShare::refresh);
		assertThat(List.of(a.ceiling(), b.ceiling(), c.ceiling())).containsExactly(17, 17, 16);
		assertThat(a.rate() + b.rate() + c.rate()).isEqualTo(50);
		assertThat(first.live()).isEqualTo(3);

		third.leave();
		first.refresh();
		second.refresh();
		assertThat(List.of(a.ceiling(), b.ceiling())).containsExactly(25, 25);
	}

	@Test
	void whenTheMembersCannotBeReadThePartStaysAsItWas() {
		AdaptiveRateLimiter a = limiter();
		QuotaShare share = new QuotaShare(this.members, a, "k", "a", EXPIRY);
		this.alive.add("b");
		share.refresh();
		assertThat(a.ceiling()).isEqualTo(25);
		this.down = true;
		share.refresh();
		assertThat(a.ceiling()).isEqualTo(25);
		this.down = false;
		this.alive.remove("b");
		share.refresh();
		assertThat(a.ceiling()).isEqualTo(50);
	}

	private static AdaptiveRateLimiter limiter() {
		return new AdaptiveRateLimiter("test", 50, Duration.ofSeconds(1), System::nanoTime, (pause) -> {
		});
	}

}
