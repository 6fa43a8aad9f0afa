package io.emabridge.publisher.gateway;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.emabridge.publisher.gateway.EventController.Accepted;
import io.emabridge.publisher.gateway.ReplayGuard.Answer;
import io.emabridge.publisher.kafka.KafkaUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ReplayGuardTests {

	private static final byte[] SIGNATURE = HexFormat.of()
		.parseHex("0b9264fda54556283813465a43eddec10242b60c943181e40f151def0d6d11ba");

	private static final Accepted STORED = new Accepted("0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11", "lifecycle", 1, 7);

	private final ReplayGuard guard = new ReplayGuard(100, Duration.ofMinutes(5));

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void theSameSignatureAgainIsAnsweredAsBeforeWithoutPublishing() {
		AtomicInteger published = new AtomicInteger();

		Answer first = this.guard.once(SIGNATURE, counting(published, STORED));
		Answer again = this.guard.once(SIGNATURE.clone(), counting(published, STORED));

		assertThat(first).isEqualTo(new Answer(STORED, false));
		assertThat(again).isEqualTo(new Answer(STORED, true));
		assertThat(published).hasValue(1);
	}

	@Test
	void aRequestArrivingWhileTheSameIsPublishedWaitsAndAnswersAsItDid() throws Exception {
		CountDownLatch kafkaAcknowledges = new CountDownLatch(1);
		AtomicInteger published = new AtomicInteger();
		Future<Answer> first = this.threads.submit(() -> this.guard.once(SIGNATURE, () -> {
			published.incrementAndGet();
			waitFor(kafkaAcknowledges);
			return STORED;
		}));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(published).hasValue(1));

		AtomicReference<Thread> waiter = new AtomicReference<>();
		Future<Answer> second = this.threads.submit(() -> {
			waiter.set(Thread.currentThread());
			return this.guard.once(SIGNATURE.clone(), counting(published, STORED));
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.WAITING);
		assertThat(second).isNotDone();
		kafkaAcknowledges.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new Answer(STORED, false));
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(new Answer(STORED, true));
		assertThat(published).hasValue(1);
	}

	@Test
	void whenThePublishingRequestFailsTheWaitingOneTriesItself() throws Exception {
		CountDownLatch kafkaGivesUp = new CountDownLatch(1);
		AtomicInteger published = new AtomicInteger();
		Future<Answer> first = this.threads.submit(() -> this.guard.once(SIGNATURE, () -> {
			published.incrementAndGet();
			waitFor(kafkaGivesUp);
			throw new KafkaUnavailableException("no ack", null);
		}));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(published).hasValue(1));
		AtomicReference<Thread> waiter = new AtomicReference<>();
		Future<Answer> second = this.threads.submit(() -> {
			waiter.set(Thread.currentThread());
			return this.guard.once(SIGNATURE, counting(published, STORED));
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.WAITING);

		kafkaGivesUp.countDown();

		assertThatExceptionOfType(Exception.class).isThrownBy(() -> first.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(KafkaUnavailableException.class);
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(new Answer(STORED, false));
		assertThat(published).hasValue(2);
	}

	@Test
	void aFailedRequestIsNotRemembered() {
		assertThatExceptionOfType(KafkaUnavailableException.class).isThrownBy(() -> this.guard.once(SIGNATURE, () -> {
			throw new KafkaUnavailableException("no ack", null);
		}));

		assertThat(this.guard.once(SIGNATURE, () -> STORED)).isEqualTo(new Answer(STORED, false));
	}

	@Test
	void manyIdenticalRequestsAtOncePublishOnce() throws Exception {
		AtomicInteger published = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		CompletableFuture<?>[] requests = new CompletableFuture<?>[32];
		for (int i = 0; i < requests.length; i++) {
			requests[i] = CompletableFuture.supplyAsync(() -> {
				waitFor(start);
				return this.guard.once(SIGNATURE.clone(), counting(published, STORED));
			}, this.threads);
		}

		start.countDown();
		CompletableFuture.allOf(requests).get(10, TimeUnit.SECONDS);

		assertThat(published).hasValue(1);
	}

	@Test
	void otherSignaturesArePublishedEachAndWithoutRememberingTheGuardOnlyJoinsRequestsInFlight() {
		AtomicInteger published = new AtomicInteger();
		ReplayGuard forgetful = new ReplayGuard(0, Duration.ofMinutes(5));
		byte[] other = SIGNATURE.clone();
		other[0] ^= 1;

		this.guard.once(SIGNATURE, counting(published, STORED));
		this.guard.once(other, counting(published, STORED));
		forgetful.once(SIGNATURE, counting(published, STORED));
		forgetful.once(SIGNATURE, counting(published, STORED));

		assertThat(published).hasValue(4);
	}

	private static Supplier<Accepted> counting(AtomicInteger published, Accepted answer) {
		return () -> {
			published.incrementAndGet();
			return answer;
		};
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
