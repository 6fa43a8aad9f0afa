package io.emabridge.support.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHealthTests {

	private final AtomicLong clock = new AtomicLong();

	private final AtomicInteger probes = new AtomicInteger();

	private volatile boolean up = true;

	private final KafkaHealth health = new KafkaHealth(this::probe, Duration.ofSeconds(5), this.clock::get);

	@Test
	void resultIsReusedWithinTheCacheTime() {
		assertThat(this.health.isUp()).isTrue();
		this.up = false;
		this.clock.addAndGet(Duration.ofSeconds(4).toNanos());

		assertThat(this.health.isUp()).isTrue();
		assertThat(this.probes).hasValue(1);
	}

	@Test
	void clusterIsAskedAgainOnceTheCacheTimeIsOver() {
		assertThat(this.health.isUp()).isTrue();
		this.up = false;
		this.clock.addAndGet(Duration.ofSeconds(5).toNanos());

		assertThat(this.health.isUp()).isFalse();
		assertThat(this.probes).hasValue(2);
	}

	private Health probe() {
		this.probes.incrementAndGet();
		return this.up ? Health.up().build() : Health.down().build();
	}

}
