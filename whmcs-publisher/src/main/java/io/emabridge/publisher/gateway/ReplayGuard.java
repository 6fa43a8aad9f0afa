package io.emabridge.publisher.gateway;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.emabridge.publisher.gateway.EventController.Accepted;

/**
 * Publishes each signed request at most once, so that the same request sent again (a
 * captured request replayed, or the module retrying within the same second after losing
 * an answer) is answered as the first time and not published twice.
 * <p>
 * Requests are told apart by the bytes of their verified signature, never by the header
 * text: the signature check ignores the hex digits' case and surrounding whitespace, so
 * must this. Accepted answers are remembered for as long as their timestamp can pass the
 * signature check; a replay after that fails the check. Check and publish are one step
 * per signature: a request that arrives while the same one is being published waits for
 * that outcome and answers as it does; if that one failed (503, 400), the waiting request
 * tries itself. Only accepted answers are remembered: a retry after a 503 is published
 * normally.
 */
final class ReplayGuard {

	/** Accepted answers by signature; null when remembering is turned off. */
	private final Cache<String, Accepted> accepted;

	/** Requests being published now, by signature. */
	private final ConcurrentMap<String, CompletableFuture<Accepted>> inFlight = new ConcurrentHashMap<>();

	ReplayGuard(int size, Duration tolerance) {
		// either side of the gateway's clock: a timestamp can be accepted for twice the
		// tolerance
		this.accepted = (size > 0)
				? Caffeine.newBuilder().maximumSize(size).expireAfterWrite(tolerance.multipliedBy(2)).build() : null;
	}

	/**
	 * Publishes a request unless one with the same signature was accepted or is being
	 * published.
	 * @param signature the verified signature's bytes; null publishes unguarded
	 * @param publish validates and publishes the request, or throws
	 * @return the answer, and whether it is an earlier request's
	 */
	Answer once(byte[] signature, Supplier<Accepted> publish) {
		if (signature == null) {
			return new Answer(publish.get(), false);
		}
		String key = HexFormat.of().formatHex(signature);
		while (true) {
			Accepted previous = remembered(key);
			if (previous != null) {
				return new Answer(previous, true);
			}
			CompletableFuture<Accepted> mine = new CompletableFuture<>();
			CompletableFuture<Accepted> theirs = this.inFlight.putIfAbsent(key, mine);
			if (theirs == null) {
				return publish(key, mine, publish);
			}
			try {
				return new Answer(theirs.join(), true);
			}
			catch (CompletionException | CancellationException ex) {
				// that attempt failed and is gone from inFlight: this request tries next
			}
		}
	}

	private Answer publish(String key, CompletableFuture<Accepted> mine, Supplier<Accepted> publish) {
		Accepted answer;
		boolean replayed;
		try {
			// accepted between the look-up and taking the slot
			Accepted previous = remembered(key);
			replayed = previous != null;
			answer = replayed ? previous : publish.get();
			if (!replayed && this.accepted != null) {
				this.accepted.put(key, answer);
			}
		}
		catch (RuntimeException | Error ex) {
			this.inFlight.remove(key, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
		// remembered first, so that a request arriving once the slot is free finds the
		// answer
		this.inFlight.remove(key, mine);
		mine.complete(answer);
		return new Answer(answer, replayed);
	}

	private Accepted remembered(String key) {
		return (this.accepted != null) ? this.accepted.getIfPresent(key) : null;
	}

	/**
	 * What a request is answered.
	 *
	 * @param accepted where Kafka stored the event
	 * @param replayed whether an earlier request with the same signature published it
	 */
	record Answer(Accepted accepted, boolean replayed) {
	}

}
